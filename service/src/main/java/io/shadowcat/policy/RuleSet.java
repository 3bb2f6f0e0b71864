package io.shadowcat.policy;

import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.proxy.Admission;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One loaded generation of the policy: the enabled rules in evaluation order (descending priority, load
 * order among equals), each with its decision counter, and the default action. Immutable once built, so a
 * request that has read it sees one whole generation however the rules are reloaded meanwhile.
 */
final class RuleSet {
    static final String DEFAULT_RULE = "default";

    final Rule[] rules;
    final LongAdder[] counters;
    final Admission defaultDecision;
    final LongAdder defaultCounter;
    /** Whether any request can be denied: if not, list results need no filtering. */
    final boolean canDeny;
    final int size;

    RuleSet(List<Rule> loaded, boolean defaultDeny, LabelledCounters decisions) {
        this.rules = loaded.stream().filter(Rule::enabled)
                .sorted(Comparator.comparingInt(Rule::priority).reversed()).toArray(Rule[]::new);
        this.counters = new LongAdder[rules.length];
        boolean denies = defaultDeny;
        for (int i = 0; i < rules.length; i++) {
            counters[i] = decisions.counter(rules[i].id(), rules[i].action().outcome());
            denies |= rules[i].action().verdict() == RuleAction.Verdict.DENY;
        }
        this.defaultDecision = defaultDeny ? new Admission.Refuse(io.shadowcat.proxy.Rejection.of(403,
                io.shadowcat.jsonrpc.JsonRpcError.FORBIDDEN, "denied by policy: no rule allows this request"))
                : Admission.ADMIT;
        this.defaultCounter = decisions.counter(DEFAULT_RULE, defaultDeny ? "deny" : "allow");
        this.canDeny = denies;
        this.size = loaded.size();
    }

    /**
     * The verdict rule for a call, or {@code null} when the default applies; no side effects (list filtering).
     */
    Rule verdictRule(PolicyFacts facts) {
        for (Rule rule : rules) {
            if (rule.action().verdict() != RuleAction.Verdict.NONE && rule.when().test(facts)) {
                return rule;
            }
        }
        return null;
    }

    /** Whether a call would be allowed (or answered by a canned response), as list filtering needs. */
    boolean permits(PolicyFacts facts) {
        Rule rule = verdictRule(facts);
        return rule == null ? !(defaultDecision instanceof Admission.Refuse) : rule.action().verdict() != RuleAction.Verdict.DENY;
    }
}
