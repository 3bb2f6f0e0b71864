package io.shadowcat.jfr;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code file} parameter of the recording tasks: a plain file name, never a path, ending in {@code .jfr}. */
final class RecordingFileName {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RecordingFileName() {
    }

    /**
     * The requested name (with {@code .jfr} added if missing), or {@code prefix} and the time when none is given.
     *
     * @throws IllegalArgumentException when the name is not a plain file name
     */
    static String of(Map<String, List<String>> parameters, String prefix, Clock clock) {
        List<String> names = parameters.getOrDefault("file", List.of());
        String name = names.isEmpty() ? prefix + STAMP.format(clock.instant()) + ".jfr" : names.get(0);
        if (!SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("file must be a plain file name (letters, digits, '.', '_', '-'), not '" + name + "'");
        }
        return name.endsWith(".jfr") ? name : name + ".jfr";
    }
}
