package io.shadowcat.session;

import java.time.Duration;
import java.time.Instant;

/**
 * How many sessions were issued within the maximum session age, counted in at most
 * {@value #MAX_SLOTS} time slots (one a minute for ages up to a day), so it costs a fixed few
 * kilobytes however many sessions there are. A session counts until the slot it was issued in leaves
 * the age window, so the count may include sessions up to one slot older than the maximum age.
 *
 * <p>Thread-safe; sessions are issued once per {@code initialize}, so a lock is cheap enough.
 */
public final class IssuedSessions {
    static final int MAX_SLOTS = 1440;

    private final long slotMillis;
    private final long[] slotIndex;
    private final long[] slotCount;

    public IssuedSessions(Duration maxAge) {
        long age = Math.max(60_000, maxAge.toMillis());
        this.slotMillis = Math.max(60_000, (age + MAX_SLOTS - 1) / MAX_SLOTS);
        int slots = (int) Math.min(MAX_SLOTS, (age + slotMillis - 1) / slotMillis);
        this.slotIndex = new long[slots];
        this.slotCount = new long[slots];
    }

    /** Counts a session issued at {@code at}. */
    public synchronized void issued(Instant at) {
        long index = Math.floorDiv(at.toEpochMilli(), slotMillis);
        int position = (int) Math.floorMod(index, (long) slotIndex.length);
        if (slotIndex[position] != index) {
            slotIndex[position] = index;
            slotCount[position] = 0;
        }
        slotCount[position]++;
    }

    /** Sessions issued in the slots still inside the age window at {@code now}. */
    public synchronized long count(Instant now) {
        long newest = Math.floorDiv(now.toEpochMilli(), slotMillis);
        long sum = 0;
        for (int i = 0; i < slotIndex.length; i++) {
            if (slotIndex[i] > newest - slotIndex.length && slotIndex[i] <= newest) {
                sum += slotCount[i];
            }
        }
        return sum;
    }
}
