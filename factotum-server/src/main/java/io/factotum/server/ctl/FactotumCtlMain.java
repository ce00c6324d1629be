package io.factotum.server.ctl;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;

/** {@code bin/factotumctl}: runs {@link FactotumCtl} on the process's arguments and exits with its code. */
public final class FactotumCtlMain {
    private FactotumCtlMain() {
    }

    public static void main(String[] args) {
        // Standard output buffered, not flushed line by line (System.out's way): logs -f of a loud job
        // writes tens of thousands of lines a second; following a job flushes every 50 ms.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, Charset.forName(System.getProperty("stdout.encoding", Charset.defaultCharset().name())));
        int code = new FactotumCtl(out, System.err, System.getenv(), System.console() != null).run(List.of(args));
        out.flush();
        System.exit(code);
    }
}
