package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retries are a bounded share of traffic, plus a small floor per second. */
class RetryBudgetTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void retriesAreARatioOfFirstAttempts() {
        RetryBudget budget = new RetryBudget(0.1, 0, clock);
        assertThat(budget.tryWithdraw()).isFalse();
        for (int i = 0; i < 100; i++) {
            budget.deposit();
        }
        int granted = 0;
        while (budget.tryWithdraw()) {
            granted++;
        }
        assertThat(granted).isEqualTo(10);
    }

    @Test
    void theReserveIsCappedSoAQuietPeriodCannotStoreAStorm() {
        RetryBudget budget = new RetryBudget(0.2, 0, clock);
        for (int i = 0; i < 10_000; i++) {
            budget.deposit();
        }
        int granted = 0;
        while (budget.tryWithdraw()) {
            granted++;
        }
        assertThat(granted).isEqualTo(20);
    }

    @Test
    void aFloorPerSecondAllowsRetriesWithoutTraffic() {
        RetryBudget budget = new RetryBudget(0.0, 2, clock);
        assertThat(budget.tryWithdraw()).isTrue();
        assertThat(budget.tryWithdraw()).isTrue();
        assertThat(budget.tryWithdraw()).isFalse();
        clock.advance(Duration.ofMillis(999));
        assertThat(budget.tryWithdraw()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.tryWithdraw()).isTrue();
    }
}
