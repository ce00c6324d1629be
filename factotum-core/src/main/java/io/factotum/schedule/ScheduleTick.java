package io.factotum.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One tick of a schedule as stored: claimed by one node, then given its outcome. A tick without an
 * outcome whose claim is older than the firer's claim timeout belonged to a node that died mid-fire;
 * another node takes it over (see {@code ScheduleFirer}).
 */
public record ScheduleTick(String schedule, Instant fireTime, String nodeId, Instant claimedAt,
        Optional<TickOutcome> outcome) {
    public ScheduleTick {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(fireTime, "fireTime");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(claimedAt, "claimedAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    public ScheduleTick withOutcome(TickOutcome value) {
        return new ScheduleTick(schedule, fireTime, nodeId, claimedAt, Optional.of(value));
    }

    /** The tick claimed afresh by {@code node} at {@code at}, outcome cleared. */
    public ScheduleTick reclaimedBy(String node, Instant at) {
        return new ScheduleTick(schedule, fireTime, node, at, Optional.empty());
    }

    public boolean isOpen() {
        return outcome.isEmpty();
    }

    public boolean isWaiting() {
        return outcome.map(o -> o.kind() == TickOutcome.Kind.WAITING).orElse(false);
    }
}
