package io.factotum.store;

import java.util.Optional;

/**
 * The factfile text each job was validated with, kept by job id (the id hashes the text, so the
 * archive is content-addressed). In a cluster a job may run on a node whose disk lacks the file or
 * holds another version of it; that node runs exactly the archived text.
 */
public interface FactfileArchive {
    /** Keeps {@code text} for {@code jobId}; replaces the same text when a job is submitted again. */
    void put(String jobId, String text);

    /** The text {@code jobId} was submitted with, if it was archived. */
    Optional<String> get(String jobId);
}
