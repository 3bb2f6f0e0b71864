package io.shadowcat.regression.result;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Each field of a result document is checked, and a problem names the field. */
class ResultReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode valid() throws Exception {
        return (ObjectNode) JSON.readTree(java.nio.file.Files.readString(ResultFilesTest.fixture("profile-smoke.json")));
    }

    private static ObjectNode firstMetric(ObjectNode root) {
        return (ObjectNode) root.get("metrics").get(0);
    }

    @Test
    void refusesAnotherVersion() throws Exception {
        ObjectNode root = valid().put("format", "shadowcat.result/v2");
        assertThatThrownBy(() -> ResultReader.read("f.json", root))
                .hasMessage("f.json: field format: unsupported format \"shadowcat.result/v2\" "
                        + "(this version reads shadowcat.result/v1)");
    }

    @Test
    void refusesAMissingSuite() throws Exception {
        ObjectNode root = valid();
        root.remove("suite");
        assertThatThrownBy(() -> ResultReader.read("f.json", root)).hasMessage("f.json: field suite: missing");
    }

    @Test
    void refusesABadTime() throws Exception {
        ObjectNode root = valid().put("time", "yesterday");
        assertThatThrownBy(() -> ResultReader.read("f.json", root))
                .hasMessageStartingWith("f.json: field time: expected an ISO-8601 instant");
    }

    @Test
    void refusesNonNumericCores() throws Exception {
        ObjectNode root = valid();
        ((ObjectNode) root.get("environment")).put("cores", "two");
        assertThatThrownBy(() -> ResultReader.read("f.json", root))
                .hasMessage("f.json: field environment.cores: expected a number, found \"two\"");
    }

    @Test
    void refusesABadMetricName() throws Exception {
        ObjectNode root = valid();
        firstMetric(root).put("name", "p99");
        assertThatThrownBy(() -> ResultReader.read("f.json", root))
                .hasMessage("f.json: field metrics[0].name: \"p99\" is not <source>.<scope>.<statistic>");
    }

    @Test
    void refusesADuplicateMetric() throws Exception {
        ObjectNode root = valid();
        ((ObjectNode) root.get("metrics").get(1)).put("name", "profile.stage.total.p99");
        assertThatThrownBy(() -> ResultReader.read("f.json", root))
                .hasMessage("f.json: field metrics[1].name: duplicate metric \"profile.stage.total.p99\"");
    }

    @Test
    void refusesABadSample() throws Exception {
        ObjectNode root = valid();
        firstMetric(root).putArray("samples").add(1.0).add("fast");
        assertThatThrownBy(() -> ResultReader.read("f.json", root))
                .hasMessage("f.json: field metrics[0].samples[1]: expected a number, found \"fast\"");
    }

    @Test
    void refusesAnUndecodableHistogram() throws Exception {
        ObjectNode root = valid();
        firstMetric(root).put("histogram", "bm90IGEgaGlzdG9ncmFt");
        assertThatThrownBy(() -> ResultReader.read("f.json", root))
                .hasMessage("f.json: field metrics[0].histogram: not a Base64, compressed HdrHistogram");
    }

    @Test
    void acceptsAnEncodedHistogram() throws Exception {
        Histogram histogram = new Histogram(3);
        histogram.recordValue(812);
        ObjectNode root = valid();
        firstMetric(root).put("histogram", Histograms.encode(histogram));

        org.assertj.core.api.Assertions.assertThat(ResultReader.read("f.json", root).metrics().get(0).histogram())
                .hasValueSatisfying(h -> org.assertj.core.api.Assertions.assertThat(h).isNotEmpty());
    }

    @Test
    void refusesAnEmptyMetricList() throws Exception {
        ObjectNode root = valid();
        root.putArray("metrics");
        assertThatThrownBy(() -> ResultReader.read("f.json", root))
                .hasMessage("f.json: field metrics: must hold at least one metric");
    }
}
