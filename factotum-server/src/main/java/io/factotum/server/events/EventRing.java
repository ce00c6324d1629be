package io.factotum.server.events;

import java.util.Arrays;

/**
 * The journal's kept events, oldest first, in a growable circular array: events are numbered
 * without gaps, so the one numbered {@code seq} is at index {@code seq - first().seq()}, and a reader
 * resuming anywhere in the journal finds its place at once. Not thread-safe (the journal guards it).
 */
final class EventRing {
    private ServerEvent[] slots = new ServerEvent[1024];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(ServerEvent e) {
        if (size == slots.length) {
            ServerEvent[] grown = new ServerEvent[slots.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = get(i);
            }
            slots = grown;
            head = 0;
        }
        slots[(head + size) % slots.length] = e;
        size++;
    }

    ServerEvent removeFirst() {
        ServerEvent e = slots[head];
        slots[head] = null;
        head = (head + 1) % slots.length;
        size--;
        return e;
    }

    ServerEvent first() {
        return slots[head];
    }

    /** The event at {@code index}, 0 being the oldest kept. */
    ServerEvent get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        return slots[(head + index) % slots.length];
    }

    /** The index of the event numbered {@code seq}, or -1 if it is not kept. */
    int indexOf(long seq) {
        if (size == 0) {
            return -1;
        }
        long index = seq - first().seq();
        return index >= 0 && index < size ? (int) index : -1;
    }

    /** A copy of the events at {@code from} (inclusive) to {@code to} (exclusive), oldest first. */
    ServerEvent[] copy(int from, int to) {
        ServerEvent[] out = new ServerEvent[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = get(i);
        }
        return out;
    }

    void clear() {
        Arrays.fill(slots, null);
        head = 0;
        size = 0;
    }
}
