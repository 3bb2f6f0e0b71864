package io.shadowcat.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** What a JSON-RPC request comes to: an answer to send, or a progress stream to run. */
sealed interface Outcome {

    /** A complete JSON-RPC response (a result or an error). */
    record Answer(ObjectNode message) implements Outcome {
    }

    /** The answer to {@code initialize}, with the protocol version it settled on. */
    record Initialized(ObjectNode message, String protocolVersion) implements Outcome {
    }

    /**
     * A {@code progress} tool call: {@code steps} waits of {@code interval}, each followed by a
     * progress notification when the client gave a {@code progressToken} (null otherwise), then
     * {@code result}.
     */
    record Progress(JsonNode progressToken, int steps, Duration interval, ObjectNode result)
            implements Outcome {
    }
}
