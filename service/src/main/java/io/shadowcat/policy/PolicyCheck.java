package io.shadowcat.policy;

import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.proxy.Admission;
import io.shadowcat.proxy.AdmissionRequest;
import io.shadowcat.proxy.ExchangeCheck;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy stage: evaluates the rules by priority against each request. Rules whose action has a
 * verdict (allow, deny, respond) end the evaluation; delays add up, header edits apply in order, and
 * audit logs the decision. With no verdict the default action applies. {@code tools/list},
 * {@code prompts/list} and {@code resources/list} results are filtered by the same rules, so a caller
 * never sees what it may not call.
 *
 * <p>Thread-safe: the rules are one immutable generation, swapped atomically by {@link #replace}.
 */
public final class PolicyCheck implements ExchangeCheck {
    private static final Logger AUDIT = LoggerFactory.getLogger("shadowcat.policy.audit");

    private final AtomicReference<RuleSet> current;
    private final Clock clock;

    PolicyCheck(RuleSet rules, Clock clock) {
        this.current = new AtomicReference<>(Objects.requireNonNull(rules, "rules"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Swaps in a new generation; requests already past {@link #check} keep the one they read. */
    void replace(RuleSet rules) {
        current.set(Objects.requireNonNull(rules, "rules"));
    }

    RuleSet rules() {
        return current.get();
    }

    @Override
    public Admission check(AdmissionRequest request) {
        RuleSet set = current.get();
        PolicyFacts facts = new PolicyFacts(request, clock);
        long delayNanos = 0;
        Rule audited = null;
        Rule deciding = null;
        Rule[] rules = set.rules;
        for (int i = 0; i < rules.length; i++) {
            Rule rule = rules[i];
            if (!rule.when().test(facts)) {
                continue;
            }
            set.counters[i].increment();
            RuleAction action = rule.action();
            delayNanos += action.delayNanos();
            action.applyEdits(request);
            if (action.audit()) {
                audited = rule;
            }
            if (action.verdict() != RuleAction.Verdict.NONE) {
                deciding = rule;
                break;
            }
        }
        Admission decision;
        if (deciding == null) {
            set.defaultCounter.increment();
            decision = set.defaultDecision;
        } else {
            decision = deciding.action().decision();
        }
        if (set.canDeny && !(decision instanceof Admission.Refuse) && isList(facts.method())) {
            request.filterListResult((callMethod, name) -> set.permits(new PolicyFacts(request, clock).as(callMethod, name)));
        }
        if (audited != null) {
            audit(request, facts, audited, deciding, decision, delayNanos);
        }
        return delayNanos > 0 ? new Admission.Delay(delayNanos, decision) : decision;
    }

    private static boolean isList(String method) {
        return "tools/list".equals(method) || "prompts/list".equals(method) || "resources/list".equals(method);
    }

    private static void audit(AdmissionRequest request, PolicyFacts facts, Rule audited, Rule deciding,
                              Admission decision, long delayNanos) {
        String outcome = decision instanceof Admission.Refuse ? "deny" : decision instanceof Admission.Respond ? "respond" : "allow";
        JsonRpcEnvelope envelope = request.envelope();
        AUDIT.info("{\"event\":\"policy\",\"audit\":{},\"rule\":{},\"outcome\":\"{}\",\"delayNanos\":{},\"client\":{},"
                        + "\"subject\":{},\"method\":{},\"name\":{},\"id\":{}}",
                quote(audited.id()), quote(deciding == null ? RuleSet.DEFAULT_RULE : deciding.id()), outcome, delayNanos,
                quote(request.clientAddress()), quote(request.principal() == null ? null : request.principal().subject()),
                quote(facts.method()), quote(facts.name()), envelope == null || envelope.idJson() == null ? "null" : envelope.idJson());
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
