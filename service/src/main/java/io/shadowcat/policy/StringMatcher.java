package io.shadowcat.policy;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A test on one text value: exact, prefix, glob, regular expression (compiled once, at load) or set
 * membership. A {@code null} value (absent) never matches. Immutable and thread-safe.
 */
@FunctionalInterface
public interface StringMatcher {
    boolean matches(String value);

    static StringMatcher exact(String expected) {
        return value -> expected.equals(value);
    }

    static StringMatcher prefix(String prefix) {
        return value -> value != null && value.startsWith(prefix);
    }

    static StringMatcher in(Set<String> values) {
        Set<String> set = Set.copyOf(values);
        return value -> value != null && set.contains(value);
    }

    /** The whole value must match {@code regex}. */
    static StringMatcher regex(String regex) {
        Pattern pattern = Pattern.compile(regex);
        String literal = literalPrefix(regex);
        // Most values fail on the literal start: checking it first spares building a Matcher for them.
        return value -> value != null && value.startsWith(literal) && pattern.matcher(value).matches();
    }

    /** The characters {@code regex} must start with: up to its first metacharacter, or none if it has alternatives. */
    private static String literalPrefix(String regex) {
        if (regex.indexOf('|') >= 0) {
            return "";
        }
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if ("\\[](){}.*+?^$|".indexOf(c) >= 0) {
                // A quantifier applies to the character before it, which is then optional or repeated.
                if ((c == '*' || c == '?' || c == '{') && literal.length() > 0) {
                    literal.setLength(literal.length() - 1);
                }
                break;
            }
            literal.append(c);
        }
        return literal.toString();
    }

    /** {@code *} is any run of characters, {@code ?} one character; everything else is literal. */
    static StringMatcher glob(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
        int wildcard = Math.min(glob.indexOf('*') < 0 ? glob.length() : glob.indexOf('*'),
                glob.indexOf('?') < 0 ? glob.length() : glob.indexOf('?'));
        String start = glob.substring(0, wildcard);
        if (wildcard == glob.length()) {
            return value -> glob.equals(value);
        }
        if (glob.indexOf('?') < 0 && wildcard == glob.length() - 1) {
            return value -> value != null && value.startsWith(start);
        }
        return value -> value != null && value.startsWith(start) && pattern.matcher(value).matches();
    }
}
