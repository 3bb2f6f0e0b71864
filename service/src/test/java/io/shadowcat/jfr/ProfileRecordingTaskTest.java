package io.shadowcat.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.profiler.ProfilingRecording;
import io.shadowcat.testing.McpTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /tasks/jfr-profile}: a dedicated recording with the profiling settings, written when its time is up. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProfileRecordingTaskTest {
    private static final Path DUMPS = tempDir();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/live-breakdown.yml"),
            ConfigOverride.config("jfr.dumpDirectory", DUMPS.toString()));

    private static final java.util.List<String> EXPECTED = java.util.List.of("shadowcat.Exchange", "shadowcat.Stage",
            "jdk.ObjectAllocationSample");

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("shadowcat-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void recordsSamplesAllocationsLocksAndStageSpansForTheGivenSecondsThenWritesTheFile() throws Exception {
        String admin = "http://127.0.0.1:" + APP.getAdminPort();
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            ContentResponse started = client.http().POST(admin + "/tasks/jfr-profile?seconds=2&file=closer-look").send();
            assertThat(started.getStatus()).isEqualTo(200);
            Path file = Path.of(started.getContentAsString().trim());
            assertThat(file).isEqualTo(DUMPS.resolve("closer-look.jfr").toAbsolutePath());

            ContentResponse second = client.http().POST(admin + "/tasks/jfr-profile?seconds=2").send();
            assertThat(second.getStatus()).isGreaterThanOrEqualTo(400);
            assertThat(second.getContentAsString()).contains("already running");

            String session = client.initialize("2025-11-25");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}}")
                        .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            }
            assertThat(file).as("written when the 2 s are up").exists();
            // JFR writes the file when the recording stops, chunk by chunk: read it until it is complete
            // (every kind of event present) or the deadline passes.
            Map<String, Integer> counts = new TreeMap<>();
            while (!counts.keySet().containsAll(EXPECTED) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                counts.clear();
                try {
                    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                        counts.merge(event.getEventType().getName(), 1, Integer::sum);
                    }
                } catch (IOException e) {
                    counts.clear();
                }
            }
            assertThat(counts.getOrDefault("shadowcat.Exchange", 0)).as("exchanges").isPositive();
            assertThat(counts.getOrDefault("shadowcat.Stage", 0)).as("stage spans").isGreaterThanOrEqualTo(counts.get("shadowcat.Exchange"));
            // Execution samples are enabled (see the settings test) but not counted here: on a loaded
            // machine the sampler may find no thread in Java code within 2 s.
            assertThat(counts.getOrDefault("jdk.ObjectAllocationSample", 0)).as("allocation samples").isPositive();
        }
    }

    @Test
    void theSettingsAreTheJdkProfileSettingsWithShadowcatEventsOn() throws Exception {
        Map<String, String> settings = ProfilingRecording.settings();
        assertThat(settings).containsEntry("jdk.ExecutionSample#enabled", "true")
                .containsEntry("jdk.ObjectAllocationSample#enabled", "true")
                .containsEntry("jdk.JavaMonitorEnter#enabled", "true")
                .containsEntry("jdk.ThreadPark#enabled", "true")
                .containsEntry("shadowcat.Exchange#enabled", "true")
                .containsEntry("shadowcat.Stage#enabled", "true")
                .containsEntry("shadowcat.Stage#threshold", "0 ns");
    }

    @Test
    void badParametersAreRefusedWithTheReason() throws Exception {
        String admin = "http://127.0.0.1:" + APP.getAdminPort();
        try (McpTestClient client = new McpTestClient(URI.create(admin))) {
            assertRefused(client, admin + "/tasks/jfr-profile", "seconds is required");
            assertRefused(client, admin + "/tasks/jfr-profile?seconds=0", "from 1 to 3600");
            assertRefused(client, admin + "/tasks/jfr-profile?seconds=soon", "from 1 to 3600");
            assertRefused(client, admin + "/tasks/jfr-profile?seconds=5&file=../escape.jfr", "plain file name");
        }
        assertThat(DUMPS.getParent().resolve("escape.jfr")).doesNotExist();
    }

    private static void assertRefused(McpTestClient client, String url, String reason) throws Exception {
        ContentResponse response = client.http().POST(url).send();
        assertThat(response.getStatus()).as(url).isGreaterThanOrEqualTo(400);
        assertThat(response.getContentAsString()).as(url).contains(reason);
    }
}
