package io.shadowcat.policy;

import java.util.Objects;
import java.util.Set;

/**
 * One policy rule: when {@code when} matches a request, {@code action} applies. Rules are evaluated by
 * descending priority, in file order among equals. Immutable and thread-safe.
 *
 * @param id       unique among all rules; names the rule in errors, metrics and audit lines
 * @param priority higher first
 * @param enabled  a disabled rule is loaded (and checked) but never evaluated
 * @param reach    the methods and tools the condition can match at most, so evaluation can skip the rule
 *                 for others without testing it
 */
public record Rule(String id, int priority, boolean enabled, Condition when, RuleAction action, Reach reach) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reach, "reach");
    }

    public Rule(String id, int priority, boolean enabled, Condition when, RuleAction action) {
        this(id, priority, enabled, when, action, Reach.ANY);
    }

    /**
     * An upper bound of what a condition can match, read from its exact matchers at load time.
     *
     * @param methods the only JSON-RPC methods it can match, or {@code null} for any
     * @param tools   the only tool names it can match in {@code tools/call}, or {@code null} for any
     */
    public record Reach(Set<String> methods, Set<String> tools) {
        public static final Reach ANY = new Reach(null, null);

        public Reach {
            methods = methods == null ? null : Set.copyOf(methods);
            tools = tools == null ? null : Set.copyOf(tools);
        }

        boolean mayMatchMethod(String method) {
            return methods == null || methods.contains(method);
        }

        boolean mayMatchTool(String tool) {
            return tools == null || tools.contains(tool);
        }
    }
}
