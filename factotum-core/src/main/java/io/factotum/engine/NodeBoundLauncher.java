package io.factotum.engine;

import java.time.Duration;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Starts tasks with {@code posix_spawnp} straight into the process group of this node's
 * {@link TaskGroupWatchdog}, so that they die with the JVM. The watchdog is started with the first
 * task, after the groups of a dead previous incarnation of the node (same node id) have emptied;
 * if it ever dies, the next task starts a new one.
 */
final class NodeBoundLauncher implements ProcessLauncher, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(NodeBoundLauncher.class);

    private final PosixSpawnLauncher base;
    private final String shell;
    private final String nodeId;
    private final Duration grace;
    /** Guarded by this: the current watchdog and the launcher into its group. */
    private TaskGroupWatchdog watchdog;
    private PosixSpawnLauncher grouped;
    private boolean orphansAwaited;
    private boolean closed;

    /**
     * @param grace how long tasks get between SIGTERM and SIGKILL when the JVM is gone; also how long
     *     a restarted node waits for its previous incarnation's tasks before it kills them itself
     */
    NodeBoundLauncher(PosixSpawnLauncher base, String shell, String nodeId, Duration grace) {
        this.base = Objects.requireNonNull(base, "base");
        this.shell = Objects.requireNonNull(shell, "shell");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    @Override
    public LaunchedProcess launch(String program, String... args) throws LaunchException {
        return groupedLauncher().launch(program, args);
    }

    /** The launcher into a live watchdog's group, starting the watchdog if needed. */
    private synchronized PosixSpawnLauncher groupedLauncher() throws LaunchException {
        if (closed) {
            throw new LaunchException("the node is stopping: no task starts any more", null);
        }
        if (!orphansAwaited) {
            awaitPreviousIncarnation();
            orphansAwaited = true;
        }
        if (watchdog == null || !watchdog.isAlive()) {
            if (watchdog != null) {
                LOG.warn("The task watchdog of node {} died; tasks started before now are no longer stopped "
                        + "with this node", nodeId);
                try {
                    watchdog.close(); // reaps it: it has ended, so this does not wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LaunchException("interrupted while replacing the task watchdog", e);
                }
            }
            watchdog = TaskGroupWatchdog.start(base, shell, nodeId, grace);
            grouped = base.inProcessGroup(watchdog.processGroup());
        }
        return grouped;
    }

    /** Belt and braces: a dead node's watchdogs stop its tasks; this waits until they have. */
    private void awaitPreviousIncarnation() throws LaunchException {
        try {
            int groups = TaskGroupWatchdog.awaitOrphans(nodeId, grace.plusSeconds(1));
            if (groups > 0) {
                LOG.warn("Node {}: waited for the task processes of its previous run to stop ({} group(s))",
                        nodeId, groups);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for the previous run's tasks to stop", e);
        } catch (IllegalStateException e) {
            throw new LaunchException(e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return base.describe() + " (node-bound)";
    }

    /** Stops the watchdog: tasks still running get SIGTERM, then SIGKILL after the grace period. */
    @Override
    public void close() throws InterruptedException {
        TaskGroupWatchdog current;
        synchronized (this) {
            closed = true;
            current = watchdog;
            watchdog = null;
        }
        if (current != null) {
            current.close();
        }
    }
}
