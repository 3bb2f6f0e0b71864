package io.shadowcat.upstream;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when a test says so. */
final class FakeClock implements LongSupplier {
    private long now = 1_000_000_000L;

    @Override
    public synchronized long getAsLong() {
        return now;
    }

    synchronized void advance(Duration by) {
        now += by.toNanos();
    }
}
