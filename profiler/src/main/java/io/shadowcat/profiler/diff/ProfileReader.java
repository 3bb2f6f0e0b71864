package io.shadowcat.profiler.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ProfileInputException;
import io.shadowcat.profiler.analysis.RecordingAnalyzer;
import io.shadowcat.profiler.findings.JmcRules;
import io.shadowcat.profiler.findings.JvmActivity;
import io.shadowcat.profiler.findings.JvmFindings;
import io.shadowcat.profiler.report.Reports;
import io.shadowcat.profiler.report.ResultDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Reads one side of a diff from a flight recording (streamed, as {@code profile report} does) or from
 * a {@code shadowcat.result/v1} document written by {@code profile report --format json}, telling
 * them apart by their first bytes. Thread-safe.
 */
public final class ProfileReader {
    private static final byte[] JFR_MAGIC = {'F', 'L', 'R', 0};
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads {@code path}.
     *
     * @throws ProfileInputException if it is neither a Shadowcat recording nor a profile result document
     */
    public Profile read(Path path) throws ProfileInputException {
        if (!Files.isRegularFile(path)) {
            return recording(path);
        }
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(path)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ProfileInputException(path + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (read == 4 && java.util.Arrays.equals(head, JFR_MAGIC)) {
            return recording(path);
        }
        if (read > 0 && new String(head, 0, read, java.nio.charset.StandardCharsets.UTF_8).strip().startsWith("{")) {
            return document(path);
        }
        throw new ProfileInputException(path + ": neither a flight recording nor a profile report JSON document");
    }

    private static Profile recording(Path path) throws ProfileInputException {
        Breakdown breakdown = new RecordingAnalyzer(0).analyze(path);
        try {
            JvmFindings activity = new JvmActivity().read(path, Reports.slowestStage(breakdown), JmcRules.NOT_RUN);
            return Profile.of(breakdown, shares(activity.hotMethods()));
        } catch (IOException | RuntimeException e) {
            throw new ProfileInputException(path + ": JVM events cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Double> shares(List<JvmFindings.HotMethod> methods) {
        Map<String, Double> out = new HashMap<>();
        methods.forEach(m -> out.put(m.method(), m.share()));
        return out;
    }

    private Profile document(Path path) throws ProfileInputException {
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProfileInputException(path + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new ProfileInputException(path + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (!ResultDocument.SCHEMA.equals(root.path("format").asText())
                || !ResultDocument.SOURCE.equals(root.path("source").asText())) {
            throw new ProfileInputException(path + ": not a " + ResultDocument.SCHEMA + " document with source \""
                    + ResultDocument.SOURCE + "\"");
        }
        Map<String, JsonNode> metrics = new HashMap<>();
        root.path("metrics").forEach(m -> metrics.put(m.path("name").asText(), m));
        Map<String, Distribution> columns = new HashMap<>();
        for (Column column : Column.ALL) {
            String scope = "profile.stage." + column.name();
            JsonNode p50 = metrics.get(scope + ".p50");
            JsonNode mean = metrics.get(scope + ".mean");
            if (p50 == null || mean == null || !p50.hasNonNull(ResultDocument.HISTOGRAM)) {
                throw new ProfileInputException(path + ": metric " + scope + ".p50 with its histogram, or "
                        + scope + ".mean, is missing");
            }
            try {
                Histogram histogram = ResultDocument.decode(p50.get(ResultDocument.HISTOGRAM).asText());
                columns.put(column.name(), new Distribution(histogram, mean.path("value").asDouble()));
            } catch (java.util.zip.DataFormatException | RuntimeException e) {
                throw new ProfileInputException(path + ": the histogram of " + scope + " cannot be decoded", e);
            }
        }
        Map<String, Double> hot = new HashMap<>();
        root.path("report").path("findings").path("hotMethods")
                .forEach(m -> hot.put(m.path("method").asText(), m.path("share").asDouble()));
        return new Profile(String.valueOf(path.getFileName()), columns, hot);
    }
}
