package io.shadowcat.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;

/**
 * Reads a POST body's JSON-RPC envelope with Jackson's streaming parser: the top-level fields and
 * the few {@code params} members routing needs, skipping everything else without building a tree.
 *
 * <p>The whole body is still checked to be well-formed JSON, because the upstream must not receive
 * what the proxy would have refused. Thread-safe: the factory is shared, parsers are per call.
 */
public final class EnvelopeParser {
    private final JsonFactory factory = new JsonFactory();

    /** Parses {@code length} bytes of {@code body} from {@code offset}. */
    public JsonRpcEnvelope parse(byte[] body, int offset, int length) throws MalformedMessageException {
        Fields fields = new Fields();
        try (JsonParser parser = factory.createParser(body, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                return batch(parser);
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalid("a JSON-RPC message must be a JSON object", null);
            }
            readObject(parser, fields);
            if (parser.nextToken() != null) {
                throw new MalformedMessageException(JsonRpcError.PARSE_ERROR,
                        "unexpected content after the JSON-RPC message", fields.id);
            }
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(JsonRpcError.PARSE_ERROR, malformed(e), fields.id);
        } catch (IOException e) {
            throw new MalformedMessageException(JsonRpcError.PARSE_ERROR, "unreadable JSON: " + e.getMessage(), fields.id);
        }
        return fields.toEnvelope();
    }

    /**
     * "malformed JSON at line 1, column 56: Unexpected end-of-input: expected close marker for Object": Jackson's own
     * words with the place it stopped, without the parenthesised source excerpt and start marker some messages end with.
     */
    static String malformed(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        int aside = reason.indexOf(" (start marker at");
        if (aside > 0) {
            reason = reason.substring(0, aside);
        }
        reason = reason.replace('\n', ' ');
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1
                ? "malformed JSON: " + reason
                : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + reason;
    }

    private static JsonRpcEnvelope batch(JsonParser parser) throws IOException, MalformedMessageException {
        int members = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw invalid("every member of a JSON-RPC batch must be an object", null);
            }
            parser.skipChildren();
            members++;
        }
        if (members == 0) {
            throw invalid("a JSON-RPC batch must not be empty", null);
        }
        if (parser.nextToken() != null) {
            throw new MalformedMessageException(JsonRpcError.PARSE_ERROR, "unexpected content after the batch", null);
        }
        return new JsonRpcEnvelope(JsonRpcEnvelope.Kind.BATCH, null, null, null, null);
    }

    private static void readObject(JsonParser parser, Fields fields) throws IOException, MalformedMessageException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "jsonrpc" -> fields.version = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                case "id" -> fields.id = readId(parser, value, fields);
                case "method" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw invalid("\"method\" must be a string", fields.id);
                    }
                    fields.method = parser.getText();
                }
                case "params" -> readParams(parser, value, fields);
                case "result", "error" -> {
                    fields.outcome = true;
                    parser.skipChildren();
                }
                default -> parser.skipChildren();
            }
        }
    }

    private static String readId(JsonParser parser, JsonToken value, Fields fields) throws IOException,
            MalformedMessageException {
        fields.idPresent = true;
        switch (value) {
            case VALUE_STRING -> {
                StringBuilder quoted = new StringBuilder(parser.getTextLength() + 2).append('"');
                JsonStringEncoder.getInstance().quoteAsString(parser.getText(), quoted);
                return quoted.append('"').toString();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getText();
            }
            case VALUE_NULL -> {
                return "null";
            }
            default -> throw invalid("\"id\" must be a string or a number", null);
        }
    }

    private static void readParams(JsonParser parser, JsonToken value, Fields fields) throws IOException,
            MalformedMessageException {
        if (value == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw invalid("\"params\" must be an object or an array", fields.id);
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String member = parser.currentName();
            JsonToken memberValue = parser.nextToken();
            if (memberValue == JsonToken.VALUE_STRING) {
                switch (member) {
                    case "name", "uri" -> fields.name = parser.getText();
                    case "protocolVersion" -> fields.protocolVersion = parser.getText();
                    default -> { }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static MalformedMessageException invalid(String message, String idJson) {
        return new MalformedMessageException(JsonRpcError.INVALID_REQUEST, message, idJson);
    }

    /** The envelope's fields as they are read. */
    private static final class Fields {
        String version;
        String id;
        boolean idPresent;
        String method;
        String name;
        String protocolVersion;
        boolean outcome;

        JsonRpcEnvelope toEnvelope() throws MalformedMessageException {
            if (!"2.0".equals(version)) {
                throw invalid("\"jsonrpc\" must be \"2.0\"", id);
            }
            if (method != null) {
                JsonRpcEnvelope.Kind kind = idPresent ? JsonRpcEnvelope.Kind.REQUEST : JsonRpcEnvelope.Kind.NOTIFICATION;
                return new JsonRpcEnvelope(kind, id, method, name, protocolVersion);
            }
            if (outcome && idPresent) {
                return new JsonRpcEnvelope(JsonRpcEnvelope.Kind.RESPONSE, id, null, null, null);
            }
            throw invalid("a JSON-RPC message needs a \"method\", or an \"id\" with a \"result\" or \"error\"", id);
        }
    }
}
