package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When an upstream's pool queue counts as standing: CoDel's rule, on a manual clock. */
class PoolQueueTest {
    private static final long TARGET = Duration.ofMillis(5).toNanos();
    private static final long LONG_WAIT = Duration.ofMillis(30).toNanos();

    private final FakeClock clock = new FakeClock();
    private final PoolQueue queue = new PoolQueue(clock);

    /** Requests get their connection every {@code every} for {@code total}, each after waiting {@code waited}. */
    private void starts(long waited, Duration every, Duration total) {
        for (long t = 0; t < total.toNanos(); t += every.toNanos()) {
            queue.started(waited, TARGET);
            clock.advance(every);
        }
    }

    @Test
    void aNewQueueIsNotStanding() {
        assertThat(queue.standing()).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(queue.standing()).as("an idle upstream").isFalse();
    }

    @Test
    void waitsAboveTheTargetForAWholeIntervalMakeItStanding() {
        starts(LONG_WAIT, Duration.ofMillis(10), Duration.ofMillis(900));
        assertThat(queue.standing()).as("above the target for 0.9 s: a burst, so far").isFalse();

        starts(LONG_WAIT, Duration.ofMillis(10), Duration.ofMillis(300));
        assertThat(queue.standing()).as("above the target for 1.2 s").isTrue();
    }

    @Test
    void oneShortWaitEndsIt() {
        starts(LONG_WAIT, Duration.ofMillis(10), Duration.ofMillis(1500));
        assertThat(queue.standing()).isTrue();

        queue.started(Duration.ofMillis(1).toNanos(), TARGET);

        assertThat(queue.standing()).isFalse();
        starts(LONG_WAIT, Duration.ofMillis(10), Duration.ofMillis(500));
        assertThat(queue.standing()).as("a new run of long waits must last a whole interval again").isFalse();
    }

    @Test
    void withNoRequestGettingAConnectionForAnIntervalItIsNotStanding() {
        // Every request shed (or none sent): the next ones get the full wait again, so an upstream whose
        // connections take longer than the short wait to open is not cut off for good.
        starts(LONG_WAIT, Duration.ofMillis(10), Duration.ofMillis(1500));
        assertThat(queue.standing()).isTrue();

        clock.advance(Duration.ofMillis(1001));

        assertThat(queue.standing()).isFalse();
        queue.started(LONG_WAIT, TARGET);
        assertThat(queue.standing()).as("a long wait after the pause: still above the target since before it")
                .isTrue();
    }
}
