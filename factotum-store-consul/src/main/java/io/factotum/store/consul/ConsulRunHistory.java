package io.factotum.store.consul;

import io.factotum.job.JobRun;
import io.factotum.store.RunHistory;
import io.factotum.store.StoreJson;
import io.factotum.store.StoreException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs under {@code runs/<jobId>/<runReference>}; written by the claim holder only, so unchecked. */
final class ConsulRunHistory implements RunHistory {
    private static final Comparator<JobRun> RUN_ORDER =
            Comparator.comparing(JobRun::startedAt).thenComparing(JobRun::runReference);

    private final ConsulKv kv;
    private final ConsulKeys keys;

    ConsulRunHistory(ConsulKv kv, ConsulKeys keys) {
        this.kv = kv;
        this.keys = keys;
    }

    @Override
    public void save(JobRun run) {
        kv.put(keys.run(run.jobId(), run.runReference()), StoreJson.encodeRun(run));
    }

    @Override
    public Optional<JobRun> get(String jobId, String runReference) {
        return kv.get(keys.run(jobId, runReference)).map(e -> StoreJson.decodeRun(e.value()));
    }

    @Override
    public List<JobRun> runs(String jobId) {
        return kv.list(keys.runsPrefix(jobId)).stream().map(e -> StoreJson.decodeRun(e.value()))
                .sorted(RUN_ORDER).toList();
    }

    /**
     * One transaction per {@value ConsulKv#MAX_TXN_OPS} jobs, each reading a job's runs, not a request
     * per job (a job listing asks this for a page at a time); each run is read only up to its start time.
     */
    @Override
    public Map<String, Instant> latestStarts(Collection<String> jobIds) {
        Map<String, Instant> latest = new HashMap<>();
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(jobIds));
        for (int from = 0; from < ids.size(); from += ConsulKv.MAX_TXN_OPS) {
            Map<String, String> byPrefix = new HashMap<>();
            Txn txn = new Txn();
            for (String jobId : ids.subList(from, Math.min(ids.size(), from + ConsulKv.MAX_TXN_OPS))) {
                byPrefix.put(keys.runsPrefix(jobId), jobId);
                txn.getTree(keys.runsPrefix(jobId));
            }
            for (ConsulKv.Entry e : kv.transaction(txn).orElseThrow(
                    () -> new StoreException("Consul refused a read-only transaction of run records"))) {
                String prefix = e.key().substring(0, e.key().lastIndexOf('/') + 1);
                String jobId = byPrefix.get(prefix);
                if (jobId != null) {
                    Instant started = StoreJson.runStartedAt(new java.io.StringReader(e.value()));
                    latest.merge(jobId, started, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        return latest;
    }
}
