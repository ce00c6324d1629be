package io.factotum.server;

import io.factotum.job.JobEntry;
import io.factotum.job.JobState;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The job listing with filters ({@code GET /jobs}): walks the store's pages in job id order from a
 * cursor, keeps the jobs that match, and stops at {@code limit} matches or after examining the scan
 * budget's worth of entries, whichever comes first. A search cut by the budget answers with what it
 * found (possibly nothing) and the cursor to go on from, so the work per request stays bounded
 * however many jobs the store holds and however rare the matches are.
 */
public final class JobSearch {
    /** Entries read from the store per step of a filtered search. */
    static final int CHUNK = 500;

    private final JobService jobs;
    private final int budget;

    /** @param budget the most entries one filtered search examines, at least 1 */
    public JobSearch(JobService jobs, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be at least 1: " + budget);
        }
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.budget = budget;
    }

    /**
     * What a listing keeps.
     *
     * @param state only jobs in this state
     * @param name only jobs whose name contains this, ignoring case
     * @param since only jobs whose latest run started at or after this
     * @param until only jobs whose latest run started before this
     */
    public record Filter(Optional<JobState> state, Optional<String> name, Optional<Instant> since,
            Optional<Instant> until) {
        public Filter {
            Objects.requireNonNull(state, "state");
            name = name.map(n -> n.toLowerCase(Locale.ROOT));
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(until, "until");
        }

        /** No filter beyond the state, which the store applies itself. */
        public static Filter byState(Optional<JobState> state) {
            return new Filter(state, Optional.empty(), Optional.empty(), Optional.empty());
        }

        boolean timed() {
            return since.isPresent() || until.isPresent();
        }

        /** Whether entries can fail to match after the store's own state filter. */
        boolean narrows() {
            return name.isPresent() || timed();
        }

        boolean nameMatches(JobEntry entry) {
            return name.isEmpty() || entry.jobRequest().jobName().toLowerCase(Locale.ROOT).contains(name.get());
        }

        /** A job never run has no start time and so matches no time filter. */
        boolean timeMatches(Optional<Instant> lastRunAt) {
            if (!timed()) {
                return true;
            }
            return lastRunAt.isPresent()
                    && since.map(s -> !lastRunAt.get().isBefore(s)).orElse(true)
                    && until.map(u -> lastRunAt.get().isBefore(u)).orElse(true);
        }
    }

    /** A listed job with the start of its latest run, empty if it never ran. */
    public record Listed(JobEntry entry, Optional<Instant> lastRunAt) {
    }

    /**
     * One answer of a search.
     *
     * @param jobs the matches, in job id order, at most the limit
     * @param nextAfter where the next request continues; empty when nothing is left to examine
     * @param scanned how many entries this search examined
     * @param complete false when the scan budget ran out before {@code limit} matches were found: more
     *     may match after {@code nextAfter}, though this answer holds fewer than the limit
     */
    public record Result(List<Listed> jobs, Optional<String> nextAfter, int scanned, boolean complete) {
        public Result {
            jobs = List.copyOf(jobs);
        }
    }

    /**
     * The matches after {@code after}, at most {@code limit}. Without a name or time filter every
     * entry matches, so the search is one page of the store and the budget does not apply.
     */
    public Result search(Filter filter, Optional<String> after, int limit) {
        int allowed = filter.narrows() ? Math.max(budget, limit) : limit;
        int chunk = filter.narrows() ? Math.max(limit, CHUNK) : limit;
        List<Listed> found = new ArrayList<>();
        Optional<String> cursor = after;
        int scanned = 0;
        for (;;) {
            Page<JobEntry> page = jobs.list(filter.state(), new PageRequest(cursor, Math.min(chunk, allowed - scanned)));
            List<JobEntry> items = page.items();
            // Start times only for the entries the name leaves, in one read for the whole step.
            List<String> named = items.stream().filter(filter::nameMatches).map(JobEntry::jobId).toList();
            Map<String, Instant> starts = jobs.lastRunStarts(named);
            for (int i = 0; i < items.size(); i++) {
                JobEntry entry = items.get(i);
                scanned++;
                Optional<Instant> lastRunAt = Optional.ofNullable(starts.get(entry.jobId()));
                if (!filter.nameMatches(entry) || !filter.timeMatches(lastRunAt)) {
                    continue;
                }
                found.add(new Listed(entry, lastRunAt));
                if (found.size() == limit) {
                    boolean more = i < items.size() - 1 || page.next().isPresent();
                    return new Result(found, more ? Optional.of(entry.jobId()) : Optional.empty(), scanned, true);
                }
            }
            if (page.next().isEmpty() || items.isEmpty()) {
                return new Result(found, Optional.empty(), scanned, true);
            }
            cursor = Optional.of(items.get(items.size() - 1).jobId());
            if (scanned >= allowed) {
                return new Result(found, cursor, scanned, false);
            }
        }
    }
}
