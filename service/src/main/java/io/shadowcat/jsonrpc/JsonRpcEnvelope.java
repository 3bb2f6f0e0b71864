package io.shadowcat.jsonrpc;

/**
 * What the proxy needs to know of one JSON-RPC message, read without building a tree.
 *
 * @param kind            request, notification, response, or a batch of messages
 * @param idJson          the request id as raw JSON ({@code 7}, {@code "a"}), or {@code null} when absent
 * @param method          the method, or {@code null} for responses and batches
 * @param name            {@code params.name} or {@code params.uri} (tool, prompt or resource), or {@code null}
 * @param protocolVersion {@code params.protocolVersion} of an {@code initialize} request, or {@code null}
 */
public record JsonRpcEnvelope(Kind kind, String idJson, String method, String name, String protocolVersion) {

    /** The four shapes a POST body can take. */
    public enum Kind { REQUEST, NOTIFICATION, RESPONSE, BATCH }

    /** Whether the client waits for a JSON-RPC answer to this message. */
    public boolean expectsResponse() {
        return kind == Kind.REQUEST || kind == Kind.BATCH;
    }

    /** Whether this is the {@code initialize} request that opens a session. */
    public boolean isInitialize() {
        return kind == Kind.REQUEST && "initialize".equals(method);
    }
}
