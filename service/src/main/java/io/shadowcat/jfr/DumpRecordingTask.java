package io.shadowcat.jfr;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /tasks/jfr-dump[?file=name.jfr]} on the admin port: writes the current flight recording
 * into the dump directory and prints the file's path. File names are plain names, never paths.
 */
public final class DumpRecordingTask extends Task {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ManagedRecording recording;
    private final Clock clock;

    public DumpRecordingTask(ManagedRecording recording, Clock clock) {
        super("jfr-dump");
        this.recording = recording;
        this.clock = clock;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        List<String> names = parameters.getOrDefault("file", List.of());
        String name = names.isEmpty() ? "shadowcat-" + STAMP.format(clock.instant()) + ".jfr" : names.get(0);
        if (!SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("file must be a plain file name (letters, digits, '.', '_', '-'), not '" + name + "'");
        }
        Path written = recording.dump(name.endsWith(".jfr") ? name : name + ".jfr");
        output.println(written);
    }
}
