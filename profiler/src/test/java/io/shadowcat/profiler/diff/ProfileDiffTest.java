package io.shadowcat.profiler.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.shadowcat.profiler.Recordings;
import io.shadowcat.profiler.analysis.ProfileInputException;
import io.shadowcat.profiler.analysis.RecordingAnalyzer;
import io.shadowcat.profiler.findings.JvmFindings;
import io.shadowcat.profiler.report.Report;
import io.shadowcat.profiler.report.ReportFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileDiffTest {
    @TempDir
    static Path dir;
    static Path base;
    static Path slowerUpstream;

    private final ProfileReader reader = new ProfileReader();

    @BeforeAll
    static void record() {
        base = Recordings.scripted(dir, 200);
        slowerUpstream = Recordings.scripted(dir, 200, 400);
    }

    @Test
    void namesUpstreamAsTheWholeExplanationWhenOnlyUpstreamGotSlower() throws Exception {
        ProfileDiff diff = ProfileDiff.of(reader.read(base), reader.read(slowerUpstream));

        assertThat(diff.total().mean().estimate()).isEqualTo(400_000.0);
        assertThat(diff.total().mean().significant()).isTrue();
        assertThat(diff.explaining()).extracting(StageChange::column).containsExactly("upstream");
        assertThat(diff.explaining().get(0).shareOfTotalChange()).isCloseTo(1.0, within(1e-9));
        StageChange upstream = change(diff, "upstream");
        assertThat(upstream.p50().estimate()).isCloseTo(400_000, within(2_000.0));
        assertThat(upstream.p50().low()).isPositive();
        StageChange auth = change(diff, "auth");
        assertThat(auth.p50().significant()).isFalse();
        assertThat(auth.p99().significant()).isFalse();
        assertThat(auth.mean().estimate()).isZero();
        assertThat(change(diff, "overhead").mean().estimate()).isZero();
    }

    @Test
    void aReportDocumentDiffsLikeItsRecording() throws Exception {
        Path json = dir.resolve("base.json");
        Files.writeString(json, ReportFormat.JSON.render(
                new Report("profile", new RecordingAnalyzer(3).analyze(base), JvmFindings.NONE)));

        ProfileDiff fromRecordings = ProfileDiff.of(reader.read(base), reader.read(slowerUpstream));
        ProfileDiff fromDocument = ProfileDiff.of(reader.read(json), reader.read(slowerUpstream));

        assertThat(fromDocument.changes()).isEqualTo(fromRecordings.changes());
        assertThat(DiffFormat.TEXT.render(fromDocument)).contains("explained by: upstream (+400 µs mean, 100.0% of the change)");
    }

    @Test
    void jsonCarriesEveryChangeAndTheIntervalMethod() throws Exception {
        ProfileDiff diff = ProfileDiff.of(reader.read(base), reader.read(slowerUpstream));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(DiffFormat.JSON.render(diff));

        assertThat(json.get("intervals").asText()).contains("percentile bootstrap");
        assertThat(json.get("explaining").get(0).get("column").asText()).isEqualTo("upstream");
        assertThat(json.get("changes")).hasSize(11);
        json.get("changes").forEach(change -> {
            String column = change.get("column").asText();
            if (column.equals("total") || column.equals("overhead")) {
                assertThat(change.get("shareOfTotalChange").isNull()).as(column).isTrue();
            }
        });
        assertThat(json.get("changes").get(6).get("shareOfTotalChange").asDouble()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void sameInputsShowNoChange() throws Exception {
        ProfileDiff diff = ProfileDiff.of(reader.read(base), reader.read(base));
        assertThat(diff.explaining()).isEmpty();
        assertThat(DiffFormat.TEXT.render(diff)).contains("total: no change beyond noise (every interval includes zero)");
    }

    @Test
    void listsHotMethodsWhoseShareGrew() throws Exception {
        Profile read = reader.read(base);
        Profile before = new Profile("before", read.columns(), java.util.Map.of("a.A.run", 0.5, "b.B.parse", 0.1));
        Profile after = new Profile("after", read.columns(), java.util.Map.of("a.A.run", 0.2, "b.B.parse", 0.3, "c.C.copy", 0.4));

        ProfileDiff diff = ProfileDiff.of(before, after);

        assertThat(diff.hotMethodsGrown()).containsExactly(new ProfileDiff.HotMethodChange("c.C.copy", 0.0, 0.4),
                new ProfileDiff.HotMethodChange("b.B.parse", 0.1, 0.3));
        assertThat(DiffFormat.TEXT.render(diff)).contains("hot methods whose share of execution samples grew:\n"
                + "  0.0% -> 40.0%  c.C.copy\n  10.0% -> 30.0%  b.B.parse\n");
    }

    @Test
    void refusesJsonThatIsNotAProfileDocument() throws Exception {
        Path other = Files.writeString(dir.resolve("other.json"), "{\"format\":\"something/else\"}");
        assertThatThrownBy(() -> reader.read(other)).isInstanceOf(ProfileInputException.class)
                .hasMessage(other + ": not a shadowcat.result/v1 document with source \"profile\"");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\":");
        assertThatThrownBy(() -> reader.read(broken)).hasMessageStartingWith(broken + ": not valid JSON");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> reader.read(text))
                .hasMessage(text + ": neither a flight recording nor a profile report JSON document");
    }

    private static StageChange change(ProfileDiff diff, String column) {
        return diff.changes().stream().filter(c -> c.column().equals(column)).findFirst().orElseThrow();
    }
}
