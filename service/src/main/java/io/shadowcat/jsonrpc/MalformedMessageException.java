package io.shadowcat.jsonrpc;

/**
 * A POST body that is not JSON ({@link JsonRpcError#PARSE_ERROR}) or not a valid JSON-RPC 2.0
 * message ({@link JsonRpcError#INVALID_REQUEST}). Carries the id when it could be read, so the
 * error answer can name the request.
 */
public final class MalformedMessageException extends Exception {
    private final int code;
    private final String idJson;

    public MalformedMessageException(int code, String message, String idJson) {
        super(message, null, false, false);
        this.code = code;
        this.idJson = idJson;
    }

    /** {@link JsonRpcError#PARSE_ERROR} or {@link JsonRpcError#INVALID_REQUEST}. */
    public int code() {
        return code;
    }

    /** The raw JSON id of the offending request, or {@code null}. */
    public String idJson() {
        return idJson;
    }
}
