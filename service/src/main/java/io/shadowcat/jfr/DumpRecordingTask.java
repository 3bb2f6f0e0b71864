package io.shadowcat.jfr;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/jfr-dump[?file=name.jfr]} on the admin port: writes the current flight recording
 * into the dump directory and prints the file's path. File names are plain names, never paths.
 */
public final class DumpRecordingTask extends Task {

    private final ManagedRecording recording;
    private final Clock clock;

    public DumpRecordingTask(ManagedRecording recording, Clock clock) {
        super("jfr-dump");
        this.recording = recording;
        this.clock = clock;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        Path written = recording.dump(RecordingFileName.of(parameters, "shadowcat-", clock));
        output.println(written);
    }
}
