package io.shadowcat.profiler.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.profiler.Recordings;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.RecordingAnalyzer;
import io.shadowcat.profiler.findings.JvmFindings;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as headless Chromium (Debian package {@code chromium}) sees it: the DOM it builds
 * carries exactly the JSON document's figures, and the charts are painted.
 */
class HtmlInChromiumTest {
    private static final Pattern FIGURE = Pattern.compile(
            "<td data-metric=\"([^\"]+)\" data-value=\"([^\"]+)\">([^<]*)</td>");

    @TempDir
    static Path dir;
    static Path page;
    static Map<String, JsonNode> metrics = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        Report report = new Report("profile", new RecordingAnalyzer(5).analyze(Recordings.proxy(17)), JvmFindings.NONE);
        page = Files.writeString(dir.resolve("report.html"), ReportFormat.HTML.render(report));
        new ObjectMapper().readTree(ReportFormat.JSON.render(report)).get("metrics")
                .forEach(m -> metrics.put(m.get("name").asText(), m));
    }

    @Test
    void everyFigureChromiumShowsEqualsTheJsonDocument() throws Exception {
        String dom = chromium("--dump-dom", page.toUri().toString());

        Matcher figure = FIGURE.matcher(dom);
        int seen = 0;
        while (figure.find()) {
            JsonNode metric = metrics.get(figure.group(1));
            assertThat(metric).as(figure.group(1)).isNotNull();
            double value = metric.get("value").asDouble();
            assertThat(Double.parseDouble(figure.group(2))).as(figure.group(1)).isEqualTo(value);
            assertThat(figure.group(3)).as(figure.group(1)).isEqualTo(Durations.format(value));
            seen++;
        }
        // Every stage, and total and overhead of each of 5 methods and 1 tool, six statistics each.
        assertThat(seen).isEqualTo(Column.ALL.size() * 6 + (5 + 1) * 2 * 6);
        assertThat(dom).contains("<svg id=\"mean-split\"", "<svg id=\"quantiles\"", "<svg id=\"slowest-split\"");
    }

    @Test
    void chromiumPaintsTheCharts() throws Exception {
        Path shot = dir.resolve("report.png");
        chromium("--hide-scrollbars", "--window-size=1000,1400", "--screenshot=" + shot, page.toUri().toString());

        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        // The largest stages' colours in the "where the time goes" bar must be on screen.
        assertThat(pixels(image, 0xb07aa1)).as("upstream").isGreaterThan(1000);
        assertThat(pixels(image, 0xedc948)).as("connect").isGreaterThan(1000);
    }

    private static long pixels(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    private static String chromium(String... args) throws Exception {
        String binary = chromiumBinary();
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("chromium-profile")));
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

    private static String chromiumBinary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return fail("headless Chromium is needed for this test: apt-get install -y chromium");
    }
}
