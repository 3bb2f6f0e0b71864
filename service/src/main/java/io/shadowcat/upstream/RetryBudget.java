package io.shadowcat.upstream;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How many retries the proxy may send, so that retries cannot multiply an outage: every first attempt
 * deposits {@code ratio} of a retry (up to a reserve of {@code 100 × ratio}), every retry withdraws
 * one, and {@code minPerSecond} retries per second are allowed even with an empty balance so a quiet
 * proxy can still retry. Thread-safe (instance lock); time comes from the injected clock.
 */
public final class RetryBudget {
    private static final long SECOND = 1_000_000_000L;
    /** Balances are kept in thousandths of a retry, so a ratio adds up exactly. */
    private static final long ONE = 1000;

    private final long perDeposit;
    private final int minPerSecond;
    private final long cap;
    private final LongSupplier nanoClock;
    private long balance;
    private long secondStart;
    private int usedThisSecond;

    public RetryBudget(double ratio, int minPerSecond, LongSupplier nanoClock) {
        if (ratio < 0 || ratio > 1 || minPerSecond < 0) {
            throw new IllegalArgumentException("ratio must be in 0..1 and minPerSecond not negative");
        }
        this.perDeposit = Math.round(ratio * ONE);
        this.minPerSecond = minPerSecond;
        this.cap = Math.max(ONE, 100 * perDeposit);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.secondStart = nanoClock.getAsLong();
    }

    /** Counts a first attempt. */
    public synchronized void deposit() {
        balance = Math.min(cap, balance + perDeposit);
    }

    /** Takes one retry from the budget; false when there is none. */
    public synchronized boolean tryWithdraw() {
        if (balance >= ONE) {
            balance -= ONE;
            return true;
        }
        long now = nanoClock.getAsLong();
        if (now - secondStart >= SECOND) {
            secondStart = now;
            usedThisSecond = 0;
        }
        if (usedThisSecond < minPerSecond) {
            usedThisSecond++;
            return true;
        }
        return false;
    }
}
