package io.shadowcat.policy;

import io.shadowcat.proxy.Admission;
import io.shadowcat.proxy.AdmissionRequest;
import io.shadowcat.proxy.UpstreamHeaderEdit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a rule does when its condition matches. A verdict ({@code allow}, {@code deny}, {@code respond})
 * ends the evaluation; the other parts ({@code delay}, header edits, {@code audit}) apply and the
 * evaluation goes on to the next rule. Immutable and thread-safe.
 */
public final class RuleAction {
    /** The part of an action that ends the evaluation, if any. */
    public enum Verdict { NONE, ALLOW, DENY, RESPOND }

    private final Verdict verdict;
    private final Admission decision;
    private final long delayMinNanos;
    private final long delayMaxNanos;
    private final UpstreamHeaderEdit[] edits;
    private final boolean audit;
    private final String outcome;

    /**
     * @param decision      what the verdict answers: {@link Admission#ADMIT}, a refusal or a canned response;
     *                      ignored for {@link Verdict#NONE}
     * @param delayMinNanos shortest delay (0: none)
     * @param delayMaxNanos longest delay; equal to the shortest for a fixed delay
     */
    RuleAction(Verdict verdict, Admission decision, long delayMinNanos, long delayMaxNanos,
               List<UpstreamHeaderEdit> edits, boolean audit) {
        this.verdict = verdict;
        this.decision = verdict == Verdict.NONE ? null : decision;
        this.delayMinNanos = delayMinNanos;
        this.delayMaxNanos = delayMaxNanos;
        this.edits = edits.toArray(UpstreamHeaderEdit[]::new);
        this.audit = audit;
        this.outcome = verdict != Verdict.NONE ? verdict.name().toLowerCase(java.util.Locale.ROOT)
                : delayMaxNanos > 0 ? "delay" : this.edits.length > 0 ? "headers" : "audit";
    }

    public Verdict verdict() {
        return verdict;
    }

    /** The decision of a verdict; {@code null} for {@link Verdict#NONE}. */
    Admission decision() {
        return decision;
    }

    /** This rule's delay for one request: fixed, or uniformly random within its bounds; 0 when it has none. */
    long delayNanos() {
        return delayMinNanos == delayMaxNanos ? delayMinNanos
                : ThreadLocalRandom.current().nextLong(delayMinNanos, delayMaxNanos + 1);
    }

    void applyEdits(AdmissionRequest request) {
        for (UpstreamHeaderEdit edit : edits) {
            request.editUpstreamHeaders(edit);
        }
    }

    boolean audit() {
        return audit;
    }

    /** The {@code outcome} label of this action's decisions: its verdict, else delay, headers or audit. */
    String outcome() {
        return outcome;
    }
}
