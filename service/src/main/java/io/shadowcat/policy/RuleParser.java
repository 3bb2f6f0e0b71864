package io.shadowcat.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.util.Duration;
import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.proxy.Admission;
import io.shadowcat.proxy.Rejection;
import io.shadowcat.proxy.UpstreamHeaderEdit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles rules from their YAML/JSON tree (see README, "Policy rules") into {@link Rule}s: matchers and
 * regular expressions are compiled here, once. Every mistake is an {@link InvalidRulesException} naming
 * the rule and the path of the offending field. Stateless and thread-safe.
 *
 * <p>Large because the rule format is one grammar and its error messages belong next to it.
 */
public final class RuleParser {
    private static final Set<String> CONDITIONS = new LinkedHashSet<>(List.of("method", "tool", "prompt", "resource",
            "name", "subject", "authenticated", "scope", "claims", "clientAddress", "headers", "protocolVersion",
            "sessionAge", "all", "any", "not"));
    private static final Set<String> MATCHERS = new LinkedHashSet<>(List.of("exact", "prefix", "glob", "regex", "in"));
    private static final Set<String> ACTIONS = new LinkedHashSet<>(List.of("allow", "deny", "respond", "delay",
            "setHeaders", "removeHeaders", "audit"));
    private static final Set<String> RULE_FIELDS = Set.of("id", "priority", "enabled", "when", "action");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleParser() {
    }

    /**
     * @param rules  a list of rule objects
     * @param source where they come from, for error messages ({@code config.yml}, a file's path)
     */
    public static List<Rule> parse(JsonNode rules, String source) {
        if (rules == null || rules.isNull() || rules.isMissingNode()) {
            return List.of();
        }
        if (!rules.isArray()) {
            throw new InvalidRulesException(source + ": rules must be a list of rules");
        }
        List<Rule> parsed = new ArrayList<>(rules.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rule(rules.get(i), source + ": rule #" + (i + 1));
            if (!ids.add(rule.id())) {
                throw new InvalidRulesException(source + ": rule '" + rule.id() + "': duplicate id");
            }
            parsed.add(rule);
        }
        return parsed;
    }

    private static Rule rule(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new InvalidRulesException(where + ": a rule must be an object with id, priority, enabled, when, action");
        }
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new InvalidRulesException(where + ": id is required (a non-empty string)");
        }
        String at = where.substring(0, where.lastIndexOf(": rule #")) + ": rule '" + id.asText() + "'";
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!RULE_FIELDS.contains(field)) {
                throw new InvalidRulesException(at + ": unknown field '" + field + "'; expected id, priority, enabled, when, action");
            }
        }
        JsonNode priority = node.path("priority");
        if (!priority.isMissingNode() && !priority.isInt()) {
            throw new InvalidRulesException(at + ": priority must be an integer");
        }
        JsonNode enabled = node.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw new InvalidRulesException(at + ": enabled must be true or false");
        }
        JsonNode action = node.get("action");
        if (action == null || action.isNull()) {
            throw new InvalidRulesException(at + ": action is required");
        }
        JsonNode when = node.get("when");
        return new Rule(id.asText(), priority.asInt(0), enabled.asBoolean(true),
                when == null ? Condition.ALWAYS : condition(when, at + ": when"), action(action, at + ": action"));
    }

    static Condition condition(JsonNode node, String at) {
        if (!node.isObject() || node.size() == 0) {
            throw new InvalidRulesException(at + ": a condition must be an object with one or more of " + CONDITIONS);
        }
        List<Condition> all = new ArrayList<>(node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            all.add(condition(field.getKey(), field.getValue(), at + "." + field.getKey()));
        }
        return Condition.all(all);
    }

    private static Condition condition(String kind, JsonNode value, String at) {
        switch (kind) {
            case "method":
                return Condition.method(matcher(value, at));
            case "tool":
                return Condition.nameOf("tools/call", matcher(value, at));
            case "prompt":
                return Condition.nameOf("prompts/get", matcher(value, at));
            case "resource":
                return Condition.nameOf("resources/read", matcher(value, at));
            case "name":
                return Condition.name(matcher(value, at));
            case "subject":
                return Condition.subject(matcher(value, at));
            case "authenticated":
                if (!value.isBoolean()) {
                    throw new InvalidRulesException(at + ": must be true or false");
                }
                return Condition.authenticated(value.asBoolean());
            case "scope":
                return Condition.scope(matcher(value, at));
            case "claims":
                return Condition.all(named(value, at, (name, matcher) -> Condition.claim(name, matcher)));
            case "headers":
                return Condition.all(named(value, at, (name, matcher) -> Condition.header(name, matcher)));
            case "clientAddress":
                return Condition.clientAddress(blocks(value, at));
            case "protocolVersion":
                return Condition.protocolVersion(matcher(value, at));
            case "sessionAge":
                return sessionAge(value, at);
            case "all":
            case "any":
                if (!value.isArray() || value.size() == 0) {
                    throw new InvalidRulesException(at + ": must be a non-empty list of conditions");
                }
                List<Condition> parts = new ArrayList<>(value.size());
                for (int i = 0; i < value.size(); i++) {
                    parts.add(condition(value.get(i), at + "[" + i + "]"));
                }
                return kind.equals("all") ? Condition.all(parts) : Condition.any(parts);
            case "not":
                return Condition.not(condition(value, at));
            default:
                throw new InvalidRulesException(at + ": unknown condition '" + kind + "'; expected one of " + CONDITIONS);
        }
    }

    private static List<Condition> named(JsonNode value, String at,
                                         java.util.function.BiFunction<String, StringMatcher, Condition> build) {
        if (!value.isObject() || value.size() == 0) {
            throw new InvalidRulesException(at + ": must map names to matchers, e.g. {tenant: acme}");
        }
        List<Condition> conditions = new ArrayList<>(value.size());
        value.fields().forEachRemaining(field -> conditions.add(
                build.apply(field.getKey(), matcher(field.getValue(), at + "." + field.getKey()))));
        return conditions;
    }

    private static List<Cidr> blocks(JsonNode value, String at) {
        List<Cidr> blocks = new ArrayList<>();
        if (value.isTextual()) {
            blocks.add(cidr(value.asText(), at));
        } else if (value.isArray() && value.size() > 0) {
            for (JsonNode block : value) {
                if (!block.isTextual()) {
                    throw new InvalidRulesException(at + ": every entry must be an address or CIDR block, such as 10.0.0.0/8");
                }
                blocks.add(cidr(block.asText(), at));
            }
        } else {
            throw new InvalidRulesException(at + ": must be an address or CIDR block, or a list of them");
        }
        return blocks;
    }

    private static Cidr cidr(String text, String at) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRulesException(at + ": " + e.getMessage());
        }
    }

    private static Condition sessionAge(JsonNode value, String at) {
        if (!value.isObject() || value.size() == 0) {
            throw new InvalidRulesException(at + ": must have min and/or max durations, e.g. {min: 1h}");
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("min") && !field.equals("max")) {
                throw new InvalidRulesException(at + ": unknown field '" + field + "'; expected min, max");
            }
        }
        long min = value.has("min") ? duration(value.get("min"), at + ".min").toSeconds() : 0;
        long max = value.has("max") ? duration(value.get("max"), at + ".max").toSeconds() : Long.MAX_VALUE;
        if (min >= max) {
            throw new InvalidRulesException(at + ": min must be below max");
        }
        return Condition.sessionAge(min, max);
    }

    static StringMatcher matcher(JsonNode value, String at) {
        if (value.isTextual()) {
            return StringMatcher.exact(value.asText());
        }
        if (value.isArray()) {
            return StringMatcher.in(strings(value, at));
        }
        if (!value.isObject() || value.size() != 1) {
            throw new InvalidRulesException(at + ": a matcher is a string (exact), a list (any of) or one of "
                    + "{exact: …}, {prefix: …}, {glob: …}, {regex: …}, {in: […]}");
        }
        Map.Entry<String, JsonNode> only = value.fields().next();
        String kind = only.getKey();
        JsonNode operand = only.getValue();
        if (kind.equals("in")) {
            if (!operand.isArray()) {
                throw new InvalidRulesException(at + ".in: must be a list of strings");
            }
            return StringMatcher.in(strings(operand, at + ".in"));
        }
        if (!MATCHERS.contains(kind)) {
            throw new InvalidRulesException(at + ": unknown matcher '" + kind + "'; expected one of " + MATCHERS);
        }
        if (!operand.isTextual()) {
            throw new InvalidRulesException(at + "." + kind + ": must be a string");
        }
        String text = operand.asText();
        switch (kind) {
            case "exact":
                return StringMatcher.exact(text);
            case "prefix":
                return StringMatcher.prefix(text);
            case "glob":
                return StringMatcher.glob(text);
            default:
                try {
                    return StringMatcher.regex(text);
                } catch (PatternSyntaxException e) {
                    throw new InvalidRulesException(at + ".regex: invalid regular expression: "
                            + e.getDescription() + " near index " + e.getIndex() + " of '" + text + "'");
                }
        }
    }

    private static Set<String> strings(JsonNode array, String at) {
        Set<String> values = new HashSet<>();
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                throw new InvalidRulesException(at + ": every entry must be a string, not " + element);
            }
            values.add(element.asText());
        }
        if (values.isEmpty()) {
            throw new InvalidRulesException(at + ": the list must not be empty");
        }
        return values;
    }

    static RuleAction action(JsonNode node, String at) {
        if (node.isTextual()) {
            switch (node.asText()) {
                case "allow":
                    return new RuleAction(RuleAction.Verdict.ALLOW, Admission.ADMIT, 0, 0, List.of(), false);
                case "deny":
                    return new RuleAction(RuleAction.Verdict.DENY, deny(null, at), 0, 0, List.of(), false);
                case "audit":
                    return new RuleAction(RuleAction.Verdict.NONE, null, 0, 0, List.of(), true);
                default:
                    throw new InvalidRulesException(at + ": unknown action '" + node.asText()
                            + "'; a bare action is allow, deny or audit, otherwise an object with " + ACTIONS);
            }
        }
        if (!node.isObject() || node.size() == 0) {
            throw new InvalidRulesException(at + ": must be allow, deny, audit or an object with one or more of " + ACTIONS);
        }
        RuleAction.Verdict verdict = RuleAction.Verdict.NONE;
        Admission decision = null;
        long min = 0;
        long max = 0;
        List<UpstreamHeaderEdit> edits = new ArrayList<>();
        boolean audit = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String part = at + "." + field.getKey();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "allow", "deny", "respond" -> {
                    if (verdict != RuleAction.Verdict.NONE) {
                        throw new InvalidRulesException(at + ": allow, deny and respond exclude each other; found "
                                + verdict.name().toLowerCase(java.util.Locale.ROOT) + " and " + field.getKey());
                    }
                    verdict = RuleAction.Verdict.valueOf(field.getKey().toUpperCase(java.util.Locale.ROOT));
                    decision = switch (verdict) {
                        case ALLOW -> allow(value, part);
                        case DENY -> deny(value, part);
                        default -> respond(value, part);
                    };
                }
                case "delay" -> {
                    long[] bounds = delay(value, part);
                    min = bounds[0];
                    max = bounds[1];
                }
                case "setHeaders" -> edits.addAll(HeaderEdits.set(value, part));
                case "removeHeaders" -> edits.addAll(HeaderEdits.remove(value, part));
                case "audit" -> {
                    if (!value.isBoolean()) {
                        throw new InvalidRulesException(part + ": must be true or false");
                    }
                    audit = value.asBoolean();
                }
                default -> throw new InvalidRulesException(at + ": unknown action '" + field.getKey()
                        + "'; expected one of " + ACTIONS);
            }
        }
        return new RuleAction(verdict, decision, min, max, edits, audit);
    }

    private static Admission allow(JsonNode value, String at) {
        if (!(value.isBoolean() && value.asBoolean()) && !value.isNull()) {
            throw new InvalidRulesException(at + ": must be true (or use the bare action allow)");
        }
        return Admission.ADMIT;
    }

    /** {@code deny: true}, or {@code deny: {status, message}}; the rule id is filled in by the caller's message. */
    private static Admission deny(JsonNode value, String at) {
        String rule = at.substring(at.indexOf("rule '") + 6, at.indexOf("': action"));
        int status = 403;
        String message = "denied by policy rule '" + rule + "'";
        if (value != null && value.isObject()) {
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("status") && !field.equals("message")) {
                    throw new InvalidRulesException(at + ": unknown field '" + field + "'; expected status, message");
                }
            }
            JsonNode statusNode = value.path("status");
            if (!statusNode.isMissingNode()) {
                if (!statusNode.isInt() || statusNode.asInt() < 400 || statusNode.asInt() > 599) {
                    throw new InvalidRulesException(at + ".status: must be an HTTP error status, 400 to 599");
                }
                status = statusNode.asInt();
            }
            JsonNode messageNode = value.path("message");
            if (!messageNode.isMissingNode()) {
                if (!messageNode.isTextual() || messageNode.asText().isBlank()) {
                    throw new InvalidRulesException(at + ".message: must be a non-empty string");
                }
                message = messageNode.asText();
            }
        } else if (value != null && !(value.isBoolean() && value.asBoolean()) && !value.isNull()) {
            throw new InvalidRulesException(at + ": must be true or {status: 4xx/5xx, message: text}");
        }
        return new Admission.Refuse(Rejection.of(status, status == 429 ? JsonRpcError.RATE_LIMITED : JsonRpcError.FORBIDDEN, message));
    }

    private static Admission respond(JsonNode value, String at) {
        if (!value.isObject() || value.size() != 1 || !(value.has("result") || value.has("error"))) {
            throw new InvalidRulesException(at + ": must be {result: <any JSON>} or {error: {code: <int>, message: <text>}}");
        }
        if (value.has("result")) {
            return new Admission.Respond("\"result\":" + write(value.get("result")));
        }
        JsonNode error = value.get("error");
        if (!error.isObject() || !error.path("code").isInt() || !error.path("message").isTextual()) {
            throw new InvalidRulesException(at + ".error: must have an integer code and a text message");
        }
        for (Iterator<String> it = error.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("code", "message", "data").contains(field)) {
                throw new InvalidRulesException(at + ".error: unknown field '" + field + "'; expected code, message, data");
            }
        }
        return new Admission.Respond("\"error\":" + write(error));
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 200us} (fixed) or {@code {min: 1ms, max: 5ms}} (uniform); returns {min, max} in nanoseconds. */
    private static long[] delay(JsonNode value, String at) {
        if (value.isTextual()) {
            long nanos = duration(value, at).toNanoseconds();
            return new long[] {nanos, nanos};
        }
        if (!value.isObject() || !value.has("min") || !value.has("max") || value.size() != 2) {
            throw new InvalidRulesException(at + ": must be a duration (200us, 5ms) or {min: <duration>, max: <duration>}");
        }
        long min = duration(value.get("min"), at + ".min").toNanoseconds();
        long max = duration(value.get("max"), at + ".max").toNanoseconds();
        if (min > max) {
            throw new InvalidRulesException(at + ": min must not exceed max");
        }
        return new long[] {min, max};
    }

    private static Duration duration(JsonNode value, String at) {
        if (!value.isTextual()) {
            throw new InvalidRulesException(at + ": must be a duration such as 200us, 5ms, 1s, 1h");
        }
        Duration duration;
        try {
            duration = Duration.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidRulesException(at + ": '" + value.asText() + "' is not a duration such as 200us, 5ms, 1s, 1h");
        }
        if (duration.getQuantity() <= 0) {
            throw new InvalidRulesException(at + ": must be positive");
        }
        return duration;
    }
}
