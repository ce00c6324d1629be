package io.factotum.store.consul;

import io.factotum.store.FactfileArchive;
import java.util.Optional;

/** Factfile texts under {@code factfiles/<jobId>}: the job id hashes the text, so a key holds one text. */
final class ConsulFactfileArchive implements FactfileArchive {
    private final ConsulKv kv;
    private final ConsulKeys keys;

    ConsulFactfileArchive(ConsulKv kv, ConsulKeys keys) {
        this.kv = kv;
        this.keys = keys;
    }

    @Override
    public void put(String jobId, String text) {
        kv.put(keys.factfile(jobId), text);
    }

    @Override
    public Optional<String> get(String jobId) {
        return kv.get(keys.factfile(jobId)).map(ConsulKv.Entry::value);
    }
}
