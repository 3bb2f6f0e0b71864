package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Active thresholds and passive outlier detection, on an injected clock. */
class UpstreamHealthTest {
    private final FakeClock clock = new FakeClock();
    private final List<String> transitions = new ArrayList<>();
    private final UpstreamHealth health = new UpstreamHealth(
            new UpstreamHealth.Settings(2, 3, 4, 0.5, 10, Duration.ofSeconds(10), Duration.ofSeconds(30)),
            clock, (healthy, source, reason) -> transitions.add((healthy ? "healthy" : "unhealthy") + "/" + source));

    @Test
    void transitionsAreRecordedAsJfrEvents() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("health", ".jfr");
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.enable("shadowcat.UpstreamHealth");
            recording.start();
            Upstream upstream = Upstream.builder("sick").nanoClock(clock).build();
            for (int i = 0; i < 3; i++) {
                upstream.health().onCheck(false, "check answered 503");
            }
            for (int i = 0; i < 5; i++) {
                upstream.tryAcquire().orElseThrow().failure(FailureKind.STATUS_5XX, "answered 500");
            }
            recording.stop();
            recording.dump(file);
        }
        List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(file);
        java.nio.file.Files.delete(file);
        // Other recordings in this JVM may add their events to the dump: look at this type only.
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("shadowcat.UpstreamHealth"))
                .extracting(e -> e.getString("upstreamName") + " " + e.getBoolean("healthy") + " "
                + e.getString("source") + " " + e.getString("reason"))
                .containsExactly("sick false active check answered 503", "sick false passive 5 consecutive failures");
    }

    @Test
    void neverCheckedIsHealthy() {
        assertThat(health.isHealthy()).isTrue();
        assertThat(health.checked()).isFalse();
    }

    @Test
    void activeChecksFlipOnlyAfterTheirThresholds() {
        health.onCheck(false, "down");
        health.onCheck(false, "down");
        assertThat(health.isHealthy()).isTrue();
        health.onCheck(true, "up");
        health.onCheck(false, "down");
        health.onCheck(false, "down");
        assertThat(health.isHealthy()).as("the streak was broken").isTrue();
        health.onCheck(false, "down");
        assertThat(health.isHealthy()).isFalse();
        health.onCheck(true, "up");
        assertThat(health.isHealthy()).isFalse();
        health.onCheck(true, "up");
        assertThat(health.isHealthy()).isTrue();
        assertThat(transitions).containsExactly("unhealthy/active", "healthy/active");
    }

    @Test
    void consecutiveFailuresEjectUntilTheEjectionIsOver() {
        for (int i = 0; i < 3; i++) {
            health.onOutcome(true);
        }
        health.onOutcome(false);
        for (int i = 0; i < 3; i++) {
            health.onOutcome(true);
        }
        assertThat(health.isHealthy()).isTrue();
        health.onOutcome(true);
        assertThat(health.isHealthy()).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(health.isHealthy()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.isHealthy()).isTrue();
        assertThat(transitions).containsExactly("unhealthy/passive", "healthy/passive");
    }

    @Test
    void anErrorRatioEjectsOnceThereAreEnoughRequests() {
        // Alternating failures never make four in a row, but half of the window fails.
        for (int i = 0; i < 9; i++) {
            health.onOutcome(i % 2 == 0);
        }
        assertThat(health.isHealthy()).as("9 requests are below the minimum of 10").isTrue();
        health.onOutcome(true);
        assertThat(health.isHealthy()).isFalse();
    }

    @Test
    void theRatioWindowForgetsOldFailures() {
        // Six of nine failed, never four in a row: below the minimum of ten requests, so no verdict yet.
        for (int i = 0; i < 9; i++) {
            health.onOutcome(i % 3 != 2);
        }
        assertThat(health.isHealthy()).isTrue();
        clock.advance(Duration.ofSeconds(25));
        // Four of ten now: with the old nine it would be ten of nineteen, over the ratio.
        for (int i = 0; i < 10; i++) {
            health.onOutcome(i % 5 < 2);
        }
        assertThat(health.isHealthy()).as("the older requests fell out of the window").isTrue();
    }
}
