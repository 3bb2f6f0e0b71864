package io.shadowcat.gatling;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suites' parameters, read from {@code shadowcat.*} system properties so that the harness, CI and a person at
 * a shell can size the same suite differently. A malformed value fails the suite at once, naming the property.
 * Stateless.
 */
public final class Props {
    /** Every property the suites read starts with this. */
    public static final String PREFIX = "shadowcat.";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Props() {
    }

    public static String string(String name, String fallback) {
        String value = System.getProperty(PREFIX + name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public static String required(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new IllegalStateException("this suite needs -D" + PREFIX + name + "=...");
        }
        return value;
    }

    public static int integer(String name, int fallback) {
        String value = string(name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("-D" + PREFIX + name + " must be a whole number, got '" + value + "'", e);
        }
    }

    public static double decimal(String name, double fallback) {
        String value = string(name, null);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("-D" + PREFIX + name + " must be a number, got '" + value + "'", e);
        }
    }

    public static boolean flag(String name, boolean fallback) {
        String value = string(name, null);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    /** A duration such as {@code 250ms}, {@code 30s}, {@code 5m} or {@code 1h}. */
    public static Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalStateException("-D" + PREFIX + name + " must be a duration such as 250ms, 30s, 5m or 1h, "
                    + "got '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
