package io.factotum.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class OsErrorsTest {
    @Test
    void rustStyleDescriptions() {
        assertThat(OsErrors.describe(new NoSuchFileException("x"))).isEqualTo("No such file or directory (os error 2)");
        assertThat(OsErrors.describe(new FileAlreadyExistsException("x"))).isEqualTo("File exists (os error 17)");
        assertThat(OsErrors.describe(new AccessDeniedException("x"))).isEqualTo("Permission denied (os error 13)");
        assertThat(OsErrors.describe(new FileSystemException("x", null, "Is a directory"))).isEqualTo("Is a directory (os error 21)");
        assertThat(OsErrors.describe(new IOException("strange"))).isEqualTo("strange");
    }

    @Test
    void spawnFailuresOfEitherJdkReadLikeRust() {
        assertThat(OsErrors.describeSpawnFailure(new IOException(
                "Cannot run program \"/x/missing\": error=2, No such file or directory")))
                .isEqualTo("No such file or directory (os error 2)");
        assertThat(OsErrors.describeSpawnFailure(new IOException(
                "Cannot run program \"/x/missing\": Exec failed, error: 2 (No such file or directory) ")))
                .isEqualTo("No such file or directory (os error 2)");
        assertThat(OsErrors.describeSpawnFailure(new IOException("odd"))).isEqualTo("odd");
    }
}
