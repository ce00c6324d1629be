/**
 * The server's live events: the scheduler's job and task transitions and its tasks' output lines,
 * numbered in one bounded in-memory {@link io.factotum.server.events.EventJournal}, and the replay of a
 * job's stored history ({@link io.factotum.server.events.StoredJobEvents}) for clients that connect late
 * or resume after the journal has moved on. On a store several nodes share, the
 * {@link io.factotum.server.events.StoreFollower} adds to the journal, from the store, what other nodes
 * do with the jobs clients stream here (with every job that is not DONE while {@code /events} clients
 * are connected). The HTTP side (Server-Sent Events) is in
 * {@code io.factotum.server.http}.
 */
package io.factotum.server.events;
