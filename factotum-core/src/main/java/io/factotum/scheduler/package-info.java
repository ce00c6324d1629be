/**
 * The job scheduler behind {@link io.factotum.Factotum}: jobs are queued in the store, run by a
 * bounded pool of workers, and every transition is stored before it is reported.
 *
 * <ul>
 *   <li>{@link io.factotum.scheduler.Scheduler}: one node; the client operations (submit, check,
 *       list, runs, cancel, resume) and its lifecycle.</li>
 *   <li>{@code DispatchLoop}: the one thread that claims the head of the queue once a worker slot
 *       ({@code WorkerPool}) is free, and waits on a {@code Waiter} when the queue is empty.</li>
 *   <li>{@code JobWorker}: one claimed job to its end (WORKING, run, DONE, ack); continues an
 *       unfinished run (crash recovery, resume) keeping its finished tasks; {@code RunRecorder}
 *       stores the run at every task transition.</li>
 *   <li>{@code JobTimeouts}, {@code ActiveJobs}: stopping runs (timeout, cancel, node stop).</li>
 *   <li>{@code Housekeeper}: node heartbeat, lease renewal, release of lapsed claims, and at start
 *       the release of the claims a crashed incarnation held.</li>
 *   <li>{@link io.factotum.scheduler.JobRunner}: the seam to execution;
 *       {@link io.factotum.scheduler.InProcessJobRunner} runs the engine with the job's
 *       {@code factfileArgs} ({@link io.factotum.scheduler.FactfileArgs}) as {@code factotum run}
 *       would.</li>
 *   <li>{@link io.factotum.scheduler.WebhookRelay}: webhook events through the store's outbox,
 *       delivered in order per job, surviving restarts.</li>
 * </ul>
 */
package io.factotum.scheduler;
