package io.shadowcat.policy;

import java.util.Objects;

/**
 * One policy rule: when {@code when} matches a request, {@code action} applies. Rules are evaluated by
 * descending priority, in file order among equals. Immutable and thread-safe.
 *
 * @param id       unique among all rules; names the rule in errors, metrics and audit lines
 * @param priority higher first
 * @param enabled  a disabled rule is loaded (and checked) but never evaluated
 */
public record Rule(String id, int priority, boolean enabled, Condition when, RuleAction action) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(action, "action");
    }
}
