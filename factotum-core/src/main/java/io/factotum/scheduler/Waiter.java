package io.factotum.scheduler;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Where the dispatch loop waits for work: woken by a submission, or after the poll interval. */
final class Waiter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean signalled;

    /** Wakes the waiting loop, or makes its next wait return at once: no wake-up is lost. */
    void wake() {
        lock.lock();
        try {
            signalled = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until woken or until {@code max} has passed. */
    void await(Duration max) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = max.toNanos();
            while (!signalled && remaining > 0) {
                remaining = woken.awaitNanos(remaining);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }
}
