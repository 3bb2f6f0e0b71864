package io.shadowcat.regression.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading result files: both formats, and the precise refusal of bad ones. */
class ResultFilesTest {
    static final Environment MACHINE = new Environment("Test CPU @ 2.0GHz", 2, "Eclipse Adoptium 17.0.12+7",
            "Linux 6.1.0 amd64", "sha256:0f1e");

    static Path fixture(String name) {
        return Path.of("src/test/resources/results", name);
    }

    static RunContext context() {
        return new RunContext("proxy-smoke", Optional.empty(), Optional.empty(),
                Instant.parse("2026-11-26T20:00:00Z"), MACHINE);
    }

    @Test
    void readsAResultDocument() throws Exception {
        Result result = ResultFiles.read(fixture("profile-smoke.json"), context());

        assertThat(result.suite()).isEqualTo("proxy-smoke");
        assertThat(result.source()).isEqualTo("profile");
        assertThat(result.environment()).isEqualTo(MACHINE);
        assertThat(result.commit()).isEqualTo("4168efe");
        assertThat(result.tags()).containsEntry("runner", "ci-1");
        assertThat(result.metrics()).extracting(Metric::name).containsExactly(
                "profile.stage.total.p99", "profile.stage.auth.p99", "gatling.global.rps");
        Metric total = result.metric("profile.stage.total.p99").orElseThrow();
        assertThat(total.samples()).containsExactly(800.0, 812.5, 830.0);
        assertThat(result.metric("gatling.global.rps").orElseThrow().better()).isEqualTo(Direction.HIGHER);
    }

    @Test
    void theCommandLineCommitAndBranchWin() throws Exception {
        RunContext ci = new RunContext("proxy-smoke", Optional.of("abc123"), Optional.of("feature"),
                Instant.EPOCH, MACHINE);

        Result result = ResultFiles.read(fixture("profile-smoke.json"), ci);

        assertThat(result.commit()).isEqualTo("abc123");
        assertThat(result.branch()).isEqualTo("feature");
    }

    @Test
    void writingAndReadingAgainGivesTheSameResult() throws Exception {
        Result result = ResultFiles.read(fixture("profile-smoke.json"), context());
        Result again = ResultReader.read("again", new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ResultJson.pretty(result)));

        assertThat(again).isEqualTo(result);
        assertThat(again.key()).isEqualTo(result.key());
    }

    @Test
    void readsJmhOutput() throws Exception {
        Result result = ResultFiles.read(fixture("jmh.json"), context());

        assertThat(result.source()).isEqualTo("jmh");
        assertThat(result.environment()).isEqualTo(MACHINE);
        Metric parse = result.metric("jmh.EnvelopeParserBench.parse[size=1k].thrpt").orElseThrow();
        assertThat(parse.value()).isEqualTo(1520.5);
        assertThat(parse.unit()).isEqualTo("ops/ms");
        assertThat(parse.better()).isEqualTo(Direction.HIGHER);
        assertThat(parse.samples()).containsExactly(1510.0, 1525.0, 1519.0, 1528.0);
        assertThat(result.metric("jmh.SessionCodecBench.decode.avgt").orElseThrow().better())
                .isEqualTo(Direction.LOWER);
    }

    @Test
    void combinesTheFilesOfOneRun() throws Exception {
        Result run = ResultFiles.readRun(List.of(fixture("profile-smoke.json"), fixture("jmh.json")), context());

        assertThat(run.source()).isEqualTo("profile+jmh");
        assertThat(run.commit()).isEqualTo("4168efe");
        assertThat(run.metrics()).hasSize(5);
    }

    @Test
    void namesTheFieldOfABadValue() {
        assertThatThrownBy(() -> ResultFiles.read(fixture("bad-direction.json"), context()))
                .isInstanceOf(ResultFormatException.class)
                .hasMessage(fixture("bad-direction.json") + ": field metrics[1].better: "
                        + "expected \"lower\" or \"higher\", found \"up\"");
    }

    @Test
    void namesTheLineOfBrokenJson() {
        assertThatThrownBy(() -> ResultFiles.read(fixture("broken.json"), context()))
                .isInstanceOf(ResultFormatException.class)
                .hasMessageStartingWith(fixture("broken.json") + ": line 5, column ")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void refusesAnUnknownFormat() {
        assertThatThrownBy(() -> ResultFiles.read(fixture("unknown.json"), context()))
                .isInstanceOf(ResultFormatException.class)
                .hasMessage(fixture("unknown.json") + ": neither a shadowcat.result/v1 document "
                        + "(no \"format\" field) nor JMH JSON output");
    }

    @Test
    void refusesAFileOfAnotherSuite() {
        RunContext other = new RunContext("soak", Optional.empty(), Optional.empty(), Instant.EPOCH, MACHINE);

        assertThatThrownBy(() -> ResultFiles.read(fixture("profile-smoke.json"), other))
                .hasMessageContaining("field suite: the file is for suite \"proxy-smoke\", not \"soak\"");
    }

    @Test
    void refusesAMissingFile() {
        assertThatThrownBy(() -> ResultFiles.read(fixture("nope.json"), context()))
                .hasMessage(fixture("nope.json") + ": no such file");
    }
}
