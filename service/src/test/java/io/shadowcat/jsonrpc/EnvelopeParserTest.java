package io.shadowcat.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeParserTest {
    private final EnvelopeParser parser = new EnvelopeParser();

    private JsonRpcEnvelope parse(String json) throws MalformedMessageException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length);
    }

    private MalformedMessageException failure(String json) {
        return (MalformedMessageException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(json));
    }

    @Test
    void readsAToolCallWithoutLookingAtArguments() throws Exception {
        JsonRpcEnvelope envelope = parse("""
                {"params":{"arguments":{"name":"not-this","deep":[1,{"uri":"x"}]},"name":"echo"},
                 "method":"tools/call","id":42,"jsonrpc":"2.0"}""");
        assertThat(envelope).isEqualTo(new JsonRpcEnvelope(JsonRpcEnvelope.Kind.REQUEST, "42", "tools/call", "echo", null));
        assertThat(envelope.expectsResponse()).isTrue();
    }

    @Test
    void readsInitializeProtocolVersionAndResourceUri() throws Exception {
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}"))
                .satisfies(e -> {
                    assertThat(e.isInitialize()).isTrue();
                    assertThat(e.protocolVersion()).isEqualTo("2025-06-18");
                    assertThat(e.idJson()).isEqualTo("\"a\"");
                });
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\"}}").name())
                .isEqualTo("file:///a");
    }

    @Test
    void keepsStringIdsValidJson() throws Exception {
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\\\\c\",\"method\":\"ping\"}").idJson())
                .isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void tellsNotificationsResponsesAndBatchesApart() throws Exception {
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").kind())
                .isEqualTo(JsonRpcEnvelope.Kind.NOTIFICATION);
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}").kind()).isEqualTo(JsonRpcEnvelope.Kind.RESPONSE);
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":1,\"message\":\"m\"}}").expectsResponse()).isFalse();
        assertThat(parse("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"n\"}]").kind())
                .isEqualTo(JsonRpcEnvelope.Kind.BATCH);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":       | -32700 | 1",
            "not json                                        | -32700 |",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"} x  | -32700 | 1",
            "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"a\"}     | -32600 | 7",
            "{\"id\":7,\"method\":\"a\"}                       | -32600 | 7",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":5}         | -32600 | 7",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"a\"}    | -32600 |",
            "{\"jsonrpc\":\"2.0\",\"id\":7}                    | -32600 | 7",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"a\",\"params\":3} | -32600 | 7",
            "[]                                              | -32600 |",
            "[1]                                             | -32600 |",
            "\"just a string\"                                 | -32600 |"
    })
    void refusesWhatIsNotOneWellFormedMessage(String json, int code, String id) {
        MalformedMessageException failure = failure(json.trim());
        assertThat(failure).isNotNull();
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.idJson()).isEqualTo(id);
    }

    @Test
    void malformedJsonSaysWhereInPlainWords() {
        assertThat(failure("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{").getMessage())
                .isEqualTo("malformed JSON at line 1, column 57: Unexpected end-of-input: expected close marker for Object");
        assertThat(failure("{\"jsonrpc\":\"2.0\",\n \"id\":7,}").getMessage())
                .startsWith("malformed JSON at line 2, column 9: Unexpected character ('}' (code 125))")
                .doesNotContain("Source", "\n");
    }

    @Test
    void errorBodiesAreValidJsonRpc() {
        assertThat(new String(JsonRpcError.body("\"x\"", -32600, "bad \"quote\"\n"), StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"error\":{\"code\":-32600,\"message\":\"bad \\\"quote\\\"\\n\"}}");
        assertThat(new String(JsonRpcError.body(null, -32700, "m"), StandardCharsets.UTF_8)).contains("\"id\":null");
        assertThatThrownBy(() -> parse("")).isInstanceOf(MalformedMessageException.class);
    }
}
