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
        return value -> value != null && pattern.matcher(value).matches();
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
        return value -> value != null && pattern.matcher(value).matches();
    }
}
