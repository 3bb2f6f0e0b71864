package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** Closed → open → half-open → closed (or open again), on an injected clock. */
class CircuitBreakerTest {
    private final FakeClock clock = new FakeClock();
    private final List<String> transitions = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(3, Duration.ofSeconds(10), 2),
            clock, (from, to, reason) -> transitions.add(from.label() + "->" + to.label()));

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        breaker.onFailure(breaker.tryAcquire(), "x");
        breaker.onFailure(breaker.tryAcquire(), "x");
        breaker.onSuccess(breaker.tryAcquire());
        breaker.onFailure(breaker.tryAcquire(), "x");
        breaker.onFailure(breaker.tryAcquire(), "x");
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        breaker.onFailure(breaker.tryAcquire(), "x");
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        assertThat(breaker.allowsRequests()).isFalse();
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(transitions).containsExactly("closed->open");
    }

    @Test
    void halfOpenLetsTrialsThroughAndClosesWhenTheySucceed() {
        open();
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.allowsRequests()).isTrue();
        int first = breaker.tryAcquire();
        int second = breaker.tryAcquire();
        assertThat(first).isEqualTo(CircuitBreaker.TRIAL);
        assertThat(second).isEqualTo(CircuitBreaker.TRIAL);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("only two trials at a time").isEqualTo(CircuitBreaker.REFUSED);
        breaker.onSuccess(first);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        breaker.onSuccess(second);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.NORMAL);
        assertThat(transitions).containsExactly("closed->open", "open->half-open", "half-open->closed");
    }

    @Test
    void aFailedTrialOpensItAgainForAnotherPeriod() {
        open();
        clock.advance(Duration.ofSeconds(10));
        int trial = breaker.tryAcquire();
        breaker.onFailure(trial, "still down");
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(transitions).containsExactly("closed->open", "open->half-open", "half-open->open");
    }

    @Test
    void outcomesOfRequestsAdmittedBeforeItOpenedAreNotTrials() {
        int early = breaker.tryAcquire();
        open();
        clock.advance(Duration.ofSeconds(10));
        int trial = breaker.tryAcquire();
        breaker.onSuccess(early);
        breaker.onFailure(early, "late news");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        breaker.onIgnored(trial);
        assertThat(breaker.tryAcquire()).as("an abandoned trial frees its slot").isEqualTo(CircuitBreaker.TRIAL);
    }

    @Test
    void transitionsAreRecordedAsJfrEvents() throws Exception {
        Path file = Files.createTempFile("breaker", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("shadowcat.Breaker");
            recording.enable("shadowcat.UpstreamHealth");
            recording.start();
            Upstream upstream = Upstream.builder("flaky").nanoClock(clock)
                    .breaker(new CircuitBreaker.Settings(2, Duration.ofSeconds(1), 1)).build();
            for (int i = 0; i < 5; i++) {
                upstream.tryAcquire().ifPresent(lease -> lease.failure(FailureKind.CONNECT, "refused"));
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.delete(file);
        // Other recordings in this JVM may add their events to the dump: look at this upstream's only.
        events = events.stream().filter(e -> List.of("shadowcat.Breaker", "shadowcat.UpstreamHealth")
                .contains(e.getEventType().getName()) && "flaky".equals(e.getString("upstreamName"))).toList();
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("shadowcat.Breaker")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getString("upstreamName")).isEqualTo("flaky");
                    assertThat(e.getString("from")).isEqualTo("closed");
                    assertThat(e.getString("to")).isEqualTo("open");
                    assertThat(e.getString("reason")).contains("2 consecutive failures", "connect: refused");
                });
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("shadowcat.UpstreamHealth")).isEmpty();
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure(breaker.tryAcquire(), "x");
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }
}
