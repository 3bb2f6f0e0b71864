package io.shadowcat.policy;

import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.proxy.Admission;
import io.shadowcat.proxy.Rejection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * One loaded generation of the policy: the enabled rules in evaluation order (descending priority, load
 * order among equals), each with its decision counter, and the default action. Rules are indexed by
 * the methods and tools they can match ({@link Rule.Reach}), so a request is tested only against rules
 * that may match it, in the same order. Immutable once built, so a request that has read it sees one
 * whole generation however the rules are reloaded meanwhile.
 */
final class RuleSet {
    static final String DEFAULT_RULE = "default";
    static final String BATCH_RULE = "batch";
    private static final String TOOLS_CALL = "tools/call";

    final Rule[] rules;
    final LongAdder[] counters;
    final Admission defaultDecision;
    final LongAdder defaultCounter;
    /** Batches refused because their messages cannot be checked one by one; {@code null} when nothing can be denied. */
    final LongAdder batchCounter;
    /** Whether any request can be denied: if not, list results need no filtering. */
    final boolean canDeny;
    /** Candidate rule indexes, in evaluation order, per method; {@link #anyMethod} for other methods. */
    private final Map<String, int[]> byMethod = new HashMap<>();
    private final int[] anyMethod;
    /** Candidates for {@code tools/call} per tool; {@link #anyTool} for other tools. */
    private final Map<String, int[]> byTool = new HashMap<>();
    private final int[] anyTool;

    RuleSet(List<Rule> loaded, boolean defaultDeny, LabelledCounters decisions) {
        this.rules = loaded.stream().filter(Rule::enabled)
                .sorted(Comparator.comparingInt(Rule::priority).reversed()).toArray(Rule[]::new);
        this.counters = new LongAdder[rules.length];
        boolean denies = defaultDeny;
        Set<String> methods = new HashSet<>();
        Set<String> tools = new HashSet<>();
        for (int i = 0; i < rules.length; i++) {
            counters[i] = decisions.counter(rules[i].id(), rules[i].action().outcome());
            denies |= rules[i].action().verdict() == RuleAction.Verdict.DENY;
            Rule.Reach reach = rules[i].reach();
            if (reach.methods() != null) {
                methods.addAll(reach.methods());
            }
            if (reach.tools() != null) {
                tools.addAll(reach.tools());
            }
        }
        this.anyMethod = select(i -> rules[i].reach().methods() == null);
        for (String method : methods) {
            byMethod.put(method, select(i -> rules[i].reach().mayMatchMethod(method)));
        }
        this.anyTool = select(i -> rules[i].reach().mayMatchMethod(TOOLS_CALL) && rules[i].reach().tools() == null);
        for (String tool : tools) {
            byTool.put(tool, select(i -> rules[i].reach().mayMatchMethod(TOOLS_CALL) && rules[i].reach().mayMatchTool(tool)));
        }
        this.defaultDecision = defaultDeny ? new Admission.Refuse(Rejection.of(403, JsonRpcError.FORBIDDEN,
                "denied by policy: no rule allows this request")) : Admission.ADMIT;
        this.defaultCounter = decisions.counter(DEFAULT_RULE, defaultDeny ? "deny" : "allow");
        this.canDeny = denies;
        this.batchCounter = denies ? decisions.counter(BATCH_RULE, "deny") : null;
    }

    private int[] select(IntPredicate candidate) {
        return IntStream.range(0, rules.length).filter(candidate).toArray();
    }

    /** Indexes of the rules that may match a call of {@code method} on {@code name}, in evaluation order. */
    int[] candidates(String method, String name) {
        if (method == null) {
            return anyMethod;
        }
        if (TOOLS_CALL.equals(method)) {
            int[] forTool = name == null ? null : byTool.get(name);
            return forTool != null ? forTool : anyTool;
        }
        int[] forMethod = byMethod.get(method);
        return forMethod != null ? forMethod : anyMethod;
    }

    /**
     * The verdict rule for a call, or {@code null} when the default applies; no side effects (list filtering).
     */
    Rule verdictRule(PolicyFacts facts) {
        for (int i : candidates(facts.method(), facts.name())) {
            Rule rule = rules[i];
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
