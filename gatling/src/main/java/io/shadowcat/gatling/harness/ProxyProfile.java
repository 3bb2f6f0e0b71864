package io.shadowcat.gatling.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's own view of a suite: its continuous flight recording dumped through the admin task
 * ({@code POST /tasks/jfr-dump}) while the stack is up, then {@code profile report} on it — as text (kept beside
 * the result for people) and as a {@code shadowcat.result/v1} document whose {@code profile.stage.*} metrics join the
 * suite's result, so that one recorded run holds the client's end-to-end figures and the stages behind them (the
 * gate's verdicts name the stages that moved). Exchanges before {@code since} (the warm-up) are left out.
 *
 * <p>Stateless; every method runs on the harness thread.
 */
final class ProxyProfile {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The stages a report ranks; {@code total} is their sum and {@code overhead} is reported on its own. */
    private static final List<String> STAGES = List.of("receive", "auth", "ratelimit", "policy", "route", "connect",
            "upstream", "stream", "unattributed");

    private ProxyProfile() {
    }

    /** Dumps the proxy's recording to {@code name} in its dump directory; returns the file the proxy wrote. */
    static Path dump(String adminUrl, String name) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl + "/tasks/jfr-dump?file=" + name))
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Path file = Path.of(response.body().trim());
            if (response.statusCode() != 200 || !Files.isRegularFile(file)) {
                throw new IOException("the JFR dump answered " + response.statusCode() + ": " + response.body().trim());
            }
            return file;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dumping the flight recording", e);
        }
    }

    /**
     * Runs {@code profile report} on {@code recording} twice, side by side: {@code profile.txt} (with the JVM findings unless
     * {@code jvm} is false) and {@code profile.json}. Returns the JSON document.
     */
    static JsonNode report(Path jar, Path recording, String suite, String since, boolean jvm, Path work)
            throws IOException {
        Path text = work.resolve("profile.txt");
        Path json = work.resolve("profile.json");
        List<String> common = new ArrayList<>(List.of(Stack.java(), "-jar", jar.toString(), "profile", "report",
                recording.toString(), "--suite", suite));
        if (since != null) {
            common.addAll(List.of("--since", since));
        }
        List<String> asText = new ArrayList<>(common);
        asText.addAll(List.of("--format", "text", "--out", text.toString()));
        if (!jvm) {
            asText.add("--no-jvm");
        }
        List<String> asJson = new ArrayList<>(common);
        asJson.addAll(List.of("--format", "json", "--no-jvm", "--slowest", "0", "--out", json.toString()));
        // Both at once: each is mostly a JVM starting and reading the same file, one per core.
        Process textReport = start(asText, work.resolve("profile-text.log"));
        Process jsonReport = start(asJson, work.resolve("profile-json.log"));
        try {
            await(textReport, work.resolve("profile-text.log"));
        } catch (IOException e) {
            jsonReport.destroy();
            throw e;
        }
        await(jsonReport, work.resolve("profile-json.log"));
        return MAPPER.readTree(json.toFile());
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return Children.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
    }

    private static void await(Process process, Path log) throws IOException {
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new IOException("profile report did not finish within 5 min; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running profile report", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("profile report exited with " + process.exitValue() + ": "
                    + Files.readString(log).trim());
        }
    }

    /**
     * Adds the profile's {@code profile.stage.*} metrics (ns, each stage's p50 with its histogram) and its
     * {@code profile.machine.*} yardstick to the suite's
     * result file, with the number of exchanges profiled as the tag {@code profile.exchanges}; returns how many
     * metrics it added.
     */
    static int merge(JsonNode profile, Path result) throws IOException {
        ObjectNode document = (ObjectNode) MAPPER.readTree(result.toFile());
        ArrayNode metrics = (ArrayNode) document.get("metrics");
        int added = 0;
        for (JsonNode metric : profile.path("metrics")) {
            String name = metric.path("name").asText();
            // The stages, and how busy the machine was (a yardstick the gate never judges).
            if (name.startsWith("profile.stage.") || name.startsWith("profile.machine.")) {
                metrics.add(metric);
                added++;
            }
        }
        ObjectNode tags = document.has("tags") ? (ObjectNode) document.get("tags") : document.putObject("tags");
        tags.put("profile.exchanges", profile.path("report").path("exchanges").asText("0"));
        Files.writeString(result, MAPPER.writeValueAsString(document) + "\n");
        return added;
    }

    /**
     * One line: the three stages with the largest mean and the overhead's p50 and p99, in µs, e.g.
     * {@code stream 212 us, receive 31 us, auth 9 us (mean); overhead p50 248 us, p99 1020 us; 2000 exchanges}.
     */
    static String topStages(JsonNode profile) {
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode metric : profile.path("metrics")) {
            values.put(metric.path("name").asText(), metric.path("value").asDouble());
        }
        List<String> ranked = STAGES.stream().filter(s -> values.containsKey("profile.stage." + s + ".mean"))
                .sorted(Comparator.comparingDouble((String s) -> values.get("profile.stage." + s + ".mean")).reversed())
                .limit(3).toList();
        StringBuilder line = new StringBuilder();
        for (String stage : ranked) {
            line.append(line.length() == 0 ? "" : ", ").append(stage).append(' ')
                    .append(micros(values.get("profile.stage." + stage + ".mean")));
        }
        line.append(" (mean); overhead p50 ").append(micros(values.get("profile.stage.overhead.p50")))
                .append(", p99 ").append(micros(values.get("profile.stage.overhead.p99")))
                .append("; ").append(profile.path("report").path("exchanges").asText("0")).append(" exchanges");
        return line.toString();
    }

    private static String micros(Double nanos) {
        return nanos == null ? "-" : String.format(Locale.ROOT, "%.0f us", nanos / 1000);
    }
}
