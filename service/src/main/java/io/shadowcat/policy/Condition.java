package io.shadowcat.policy;

import io.shadowcat.auth.McpPrincipal;
import java.net.InetAddress;
import java.util.List;

/**
 * A test on one request: its JSON-RPC method, tool/prompt/resource name, principal (subject, scopes,
 * claims), client address, headers, protocol version, session age, or a combination of those.
 * Compiled once when rules load; immutable and thread-safe.
 */
@FunctionalInterface
public interface Condition {
    /** Every request. */
    Condition ALWAYS = facts -> true;

    boolean test(PolicyFacts facts);

    static Condition method(StringMatcher matcher) {
        return facts -> matcher.matches(facts.method());
    }

    /** The name of a tool, prompt or resource, whichever {@code params} carries. */
    static Condition name(StringMatcher matcher) {
        return facts -> matcher.matches(facts.name());
    }

    /** The name, when the method is {@code callMethod} (a tool for {@code tools/call}, and so on). */
    static Condition nameOf(String callMethod, StringMatcher matcher) {
        return facts -> callMethod.equals(facts.method()) && matcher.matches(facts.name());
    }

    static Condition subject(StringMatcher matcher) {
        return facts -> facts.principal() != null && matcher.matches(facts.principal().subject());
    }

    static Condition authenticated(boolean expected) {
        return facts -> (facts.principal() != null) == expected;
    }

    /** Any of the principal's scopes matches. */
    static Condition scope(StringMatcher matcher) {
        return facts -> {
            McpPrincipal principal = facts.principal();
            if (principal == null) {
                return false;
            }
            for (String scope : principal.scopes()) {
                if (matcher.matches(scope)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Any value of claim {@code claim} matches. */
    static Condition claim(String claim, StringMatcher matcher) {
        return facts -> {
            McpPrincipal principal = facts.principal();
            if (principal == null) {
                return false;
            }
            for (String value : principal.claim(claim)) {
                if (matcher.matches(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The client address lies in any of {@code blocks}. */
    static Condition clientAddress(List<Cidr> blocks) {
        Cidr[] array = blocks.toArray(Cidr[]::new);
        return facts -> {
            InetAddress connection = facts.request().clientInetAddress();
            byte[] address = connection != null ? connection.getAddress() : Cidr.bytes(facts.request().clientAddress());
            for (Cidr block : array) {
                if (block.contains(address)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Header {@code header} is present and its (first) value matches. */
    static Condition header(String header, StringMatcher matcher) {
        return facts -> matcher.matches(facts.request().headers().get(header));
    }

    static Condition protocolVersion(StringMatcher matcher) {
        return facts -> matcher.matches(facts.request().version().wireName());
    }

    /** The session is known and its age in seconds lies in {@code [min, max)}. */
    static Condition sessionAge(long minSeconds, long maxSeconds) {
        return facts -> {
            long age = facts.sessionAgeSeconds();
            return age >= 0 && age >= minSeconds && age < maxSeconds;
        };
    }

    static Condition all(List<Condition> conditions) {
        Condition[] array = conditions.toArray(Condition[]::new);
        if (array.length == 1) {
            return array[0];
        }
        return facts -> {
            for (Condition condition : array) {
                if (!condition.test(facts)) {
                    return false;
                }
            }
            return true;
        };
    }

    static Condition any(List<Condition> conditions) {
        Condition[] array = conditions.toArray(Condition[]::new);
        return facts -> {
            for (Condition condition : array) {
                if (condition.test(facts)) {
                    return true;
                }
            }
            return false;
        };
    }

    static Condition not(Condition condition) {
        return facts -> !condition.test(facts);
    }
}
