package io.shadowcat.profiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;

/**
 * Recordings for tests: the committed ones made by the proxy ({@code src/test/resources/jfr/generate.sh}), and
 * small ones made here with {@link ExchangeTimer} on a scripted clock, so every duration is known.
 */
public final class Recordings {
    private Recordings() {
    }

    /** A committed recording made by the proxy running on Java {@code feature}. */
    public static Path proxy(int feature) {
        try {
            return Path.of(Recordings.class.getResource("/jfr/proxy-java" + feature + ".jfr").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a recording of {@code count} exchanges where exchange {@code i} (1-based) spends
     * {@code i} µs in auth, {@code 10·i} µs upstream, 5 µs in every other stage, and 3 µs outside
     * any stage; odd exchanges call tool {@code echo}, even ones {@code tools/list}.
     */
    public static Path scripted(Path directory, int count) {
        return scripted(directory, count, 0);
    }

    /** Like {@link #scripted(Path, int)}, with {@code extraUpstreamMicros} more upstream time in every exchange. */
    public static Path scripted(Path directory, int count, long extraUpstreamMicros) {
        try (Recording recording = new Recording()) {
            recording.enable(ExchangeEvent.NAME).withoutThreshold();
            recording.start();
            for (int i = 1; i <= count; i++) {
                AtomicLong now = new AtomicLong(1_000_000_000L * i);
                ExchangeTimer timer = ExchangeTimer.begin(now.get(), now::get);
                boolean call = i % 2 == 1;
                timer.method(call ? "tools/call" : "tools/list").tool(call ? "echo" : null).upstream("demo").status(200);
                for (Stage stage : Stage.values()) {
                    if (stage == Stage.TOTAL) {
                        continue;
                    }
                    timer.open(stage);
                    now.addAndGet((micros(stage, i) + (stage == Stage.UPSTREAM ? extraUpstreamMicros : 0)) * 1000);
                    timer.close(stage);
                }
                now.addAndGet(3_000);
                timer.finish();
            }
            recording.stop();
            Path file = Files.createTempFile(directory, "scripted-", ".jfr");
            recording.dump(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The duration {@link #scripted} gives {@code stage} in exchange {@code i}, in microseconds. */
    public static long micros(Stage stage, int i) {
        return switch (stage) {
            case AUTH -> i;
            case UPSTREAM -> 10L * i;
            case TOTAL -> i + 10L * i + 5 * 6 + 3;
            default -> 5;
        };
    }
}
