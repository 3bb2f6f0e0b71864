package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which upstreams a new session may go to: eligible ones first, doubtful ones rather than none, never an open breaker. */
class UpstreamsTest {
    private final FakeClock clock = new FakeClock();
    private final Upstream a = upstream("a");
    private final Upstream b = upstream("b");
    private final Upstreams upstreams = new Upstreams(List.of(a, b), new RoundRobinSelector(), new RetryBudget(0.2, 0, clock));

    private Upstream upstream(String name) {
        return Upstream.builder(name).nanoClock(clock)
                .breaker(new CircuitBreaker.Settings(1, Duration.ofSeconds(5), 1))
                .health(new UpstreamHealth.Settings(1, 1, 100, 1.0, 100, Duration.ofSeconds(10), Duration.ofSeconds(30)))
                .build();
    }

    private String choose(List<Upstream> excluded) {
        Optional<UpstreamLease> lease = upstreams.choose(excluded);
        lease.ifPresent(l -> l.success(1));
        return lease.map(l -> l.upstream().name()).orElse("none");
    }

    @Test
    void anUnhealthyUpstreamGetsNoNewSessionsWhileAnotherIsHealthy() {
        a.health().onCheck(false, "down");
        for (int i = 0; i < 4; i++) {
            assertThat(choose(List.of())).isEqualTo("b");
        }
    }

    @Test
    void whenNoneIsHealthyADoubtfulUpstreamServesRatherThanNone() {
        a.health().onCheck(false, "down");
        b.health().onCheck(false, "down");
        assertThat(List.of(choose(List.of()), choose(List.of()))).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void anOpenBreakerIsNeverChosenAndTheWaitIsReported() {
        a.tryAcquire().orElseThrow().failure(FailureKind.RESET, "x");
        assertThat(choose(List.of())).isEqualTo("b");
        assertThat(choose(List.of(b))).as("b is excluded (already tried), a is open").isEqualTo("none");
        clock.advance(Duration.ofSeconds(2));
        b.tryAcquire().orElseThrow().failure(FailureKind.RESET, "x");
        assertThat(choose(List.of())).isEqualTo("none");
        assertThat(upstreams.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(choose(List.of())).as("a half-open trial").isEqualTo("a");
    }

    @Test
    void namesAreUniqueAndThereIsAtLeastOne() {
        assertThatThrownBy(() -> new Upstreams(List.of(), new RoundRobinSelector(), new RetryBudget(0, 0, clock)))
                .hasMessageContaining("at least one upstream");
        assertThatThrownBy(() -> new Upstreams(List.of(a, upstream("a")), new RoundRobinSelector(), new RetryBudget(0, 0, clock)))
                .hasMessageContaining("'a' is used twice");
        assertThat(upstreams.named("b")).contains(b);
        assertThat(upstreams.named("c")).isEmpty();
    }

    @Test
    void leasesCountInFlightAndErrorsByKind() {
        UpstreamLease first = a.tryAcquire().orElseThrow();
        UpstreamLease second = a.tryAcquire().orElseThrow();
        assertThat(a.inFlight()).isEqualTo(2);
        first.ignore();
        first.failure(FailureKind.RESET, "ignored: the lease already ended");
        second.failure(FailureKind.POOL_FULL, "queue full");
        assertThat(a.inFlight()).isZero();
        assertThat(a.errors(FailureKind.RESET)).isZero();
        assertThat(a.errors(FailureKind.POOL_FULL)).isEqualTo(1);
        assertThat(a.breaker().state()).as("a full queue is the proxy protecting the upstream, not its failure")
                .isEqualTo(BreakerState.CLOSED);
    }
}
