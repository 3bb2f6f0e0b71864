package io.shadowcat.regression.result;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** JMH files with a bad field are refused with the field's path. */
class JmhReaderTest {
    private static ArrayNode jmh() throws Exception {
        return (ArrayNode) new ObjectMapper().readTree(Files.readString(ResultFilesTest.fixture("jmh.json")));
    }

    @Test
    void refusesAnUnknownMode() throws Exception {
        ArrayNode root = jmh();
        ((ObjectNode) root.get(1)).put("mode", "fast");

        assertThatThrownBy(() -> JmhReader.read("jmh.json", root, ResultFilesTest.context()))
                .hasMessage("jmh.json: field [1].mode: expected thrpt, avgt, sample or ss, found \"fast\"");
    }

    @Test
    void refusesANonNumericIteration() throws Exception {
        ArrayNode root = jmh();
        ((ArrayNode) root.get(0).get("primaryMetric").get("rawData").get(1)).set(0, com.fasterxml.jackson.databind.node.NullNode.getInstance());

        assertThatThrownBy(() -> JmhReader.read("jmh.json", root, ResultFilesTest.context()))
                .hasMessage("jmh.json: field [0].primaryMetric.rawData[1][0]: expected a number, found null");
    }

    @Test
    void refusesAMissingScore() throws Exception {
        ArrayNode root = jmh();
        ((ObjectNode) root.get(0).get("primaryMetric")).remove("score");

        assertThatThrownBy(() -> JmhReader.read("jmh.json", root, ResultFilesTest.context()))
                .hasMessage("jmh.json: field [0].primaryMetric.score: missing");
    }
}
