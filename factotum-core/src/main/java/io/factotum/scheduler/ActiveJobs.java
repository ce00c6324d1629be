package io.factotum.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The jobs this node is working on, by id. Once closed (node stopping) it takes no more. */
final class ActiveJobs {
    private final Map<String, ActiveJob> jobs = new HashMap<>();
    private boolean closed;

    /** What {@link #register} did. */
    enum Registration {
        REGISTERED,
        /** The job runs here already: the claim is a stale second queue slot of the same job. */
        ALREADY_ACTIVE,
        /** The node is stopping. */
        CLOSED
    }

    synchronized Registration register(ActiveJob job) {
        if (closed) {
            return Registration.CLOSED;
        }
        if (jobs.containsKey(job.jobId())) {
            return Registration.ALREADY_ACTIVE;
        }
        jobs.put(job.jobId(), job);
        return Registration.REGISTERED;
    }

    synchronized void remove(ActiveJob job) {
        jobs.remove(job.jobId(), job);
    }

    synchronized Optional<ActiveJob> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    synchronized List<ActiveJob> all() {
        return List.copyOf(jobs.values());
    }

    synchronized int size() {
        return jobs.size();
    }

    /** Refuses new jobs and asks every active one to stop for the node's shutdown. */
    synchronized void closeAndStopAll() {
        closed = true;
        jobs.values().forEach(job -> job.stop(ActiveJob.Stop.NODE_STOPPING));
    }
}
