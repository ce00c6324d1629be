package io.factotum.webhook;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A {@link WebhookOutbox} that lives as long as the process: what the CLI uses. */
public final class InMemoryWebhookOutbox implements WebhookOutbox {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<OutboxEntry> entries = new ArrayDeque<>();

    @Override
    public void append(OutboxEntry entry) {
        lock.lock();
        try {
            entries.addLast(entry);
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<OutboxEntry> peek(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (entries.isEmpty() && remaining > 0) {
                remaining = notEmpty.awaitNanos(remaining);
            }
            return Optional.ofNullable(entries.peekFirst());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void removeHead() {
        lock.lock();
        try {
            if (entries.pollFirst() == null) {
                throw new IllegalStateException("the outbox is empty");
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

}
