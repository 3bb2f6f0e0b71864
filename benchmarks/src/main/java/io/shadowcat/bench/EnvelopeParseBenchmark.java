package io.shadowcat.bench;

import io.shadowcat.jsonrpc.EnvelopeParser;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.jsonrpc.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code receive} stage's parse: {@link EnvelopeParser} on a POST body already in memory, for a small
 * {@code tools/call} (the common case, ~120 bytes), an {@code initialize} with client capabilities (~330 bytes) and
 * a {@code tools/call} whose arguments make it about 4 KiB (the parser must still read every byte to check that the
 * body is well-formed, though it keeps only the envelope). Sampled, for percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeParseBenchmark {
    private static final String TOOLS_CALL = """
            {"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}""";
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
            "capabilities":{"roots":{"listChanged":true},"sampling":{},"elicitation":{}},\
            "clientInfo":{"name":"bench-client","title":"Benchmark client","version":"1.4.2"},\
            "_meta":{"progressToken":"init-1"}}}""";

    @Param({"tools_call", "initialize", "tools_call_4k"})
    public String message;

    private final EnvelopeParser parser = new EnvelopeParser();
    private byte[] body;

    @Setup
    public void setUp() throws MalformedMessageException {
        body = switch (message) {
            case "tools_call" -> TOOLS_CALL.getBytes(StandardCharsets.UTF_8);
            case "initialize" -> INITIALIZE.getBytes(StandardCharsets.UTF_8);
            case "tools_call_4k" -> large().getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("unknown message " + message);
        };
        JsonRpcEnvelope envelope = parser.parse(body, 0, body.length);
        if (envelope.method() == null || envelope.idJson() == null) {
            throw new IllegalStateException("the " + message + " body did not parse as a request: " + envelope);
        }
    }

    /** A tools/call of about 4 KiB: a document with nested records, escapes and numbers, as a real tool gets. */
    private static String large() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; rows.length() < 3_900; i++) {
            rows.append(rows.length() == 0 ? "" : ",").append("{\"line\":").append(i)
                    .append(",\"text\":\"row ").append(i).append(" of the \\\"report\\\", caf\\u00e9\",\"score\":")
                    .append(i * 0.125).append(",\"tags\":[\"a\",\"b\"]}");
        }
        return "{\"jsonrpc\":\"2.0\",\"id\":\"req-7\",\"method\":\"tools/call\",\"params\":{\"name\":\"summarize\","
                + "\"arguments\":{\"rows\":[" + rows + "]}}}";
    }

    @Benchmark
    public JsonRpcEnvelope parse() throws MalformedMessageException {
        return parser.parse(body, 0, body.length);
    }
}
