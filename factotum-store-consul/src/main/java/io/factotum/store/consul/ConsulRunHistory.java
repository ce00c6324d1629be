package io.factotum.store.consul;

import io.factotum.job.JobRun;
import io.factotum.store.RunHistory;
import io.factotum.store.StoreJson;
import java.util.Comparator;
import java.util.List;
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
}
