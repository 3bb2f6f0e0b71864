package io.shadowcat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Headless Chromium (Debian package {@code chromium}) for checking pages as a browser builds them. */
public final class Chromium {
    private Chromium() {
    }

    /** Runs Chromium headless with {@code args} and returns what it printed (e.g. for {@code --dump-dom}). */
    public static String run(Path profileDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profileDir));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within 60 s");
        }
        assertThat(process.exitValue()).as("chromium exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return fail("headless Chromium is needed for this test: apt-get install -y chromium");
    }
}
