package io.shadowcat.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Removes the entries a {@link ListFilter} refuses from the result of a {@code tools/list},
 * {@code prompts/list} or {@code resources/list} response, given as one JSON message or as one SSE event.
 * Messages that are not that list's result (notifications, errors) pass unchanged. Thread-safe.
 */
final class ListResultFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ListFilter filter;
    private final String callMethod;
    private final String arrayField;
    private final String keyField;

    private ListResultFilter(ListFilter filter, String callMethod, String arrayField, String keyField) {
        this.filter = filter;
        this.callMethod = callMethod;
        this.arrayField = arrayField;
        this.keyField = keyField;
    }

    /** The filter for the response to {@code listMethod}, or {@code null} when it is not a filtered list. */
    static ListResultFilter forMethod(String listMethod, ListFilter filter) {
        if (filter == null || !filterable(listMethod)) {
            return null;
        }
        return switch (listMethod) {
            case "tools/list" -> new ListResultFilter(filter, "tools/call", "tools", "name");
            case "prompts/list" -> new ListResultFilter(filter, "prompts/get", "prompts", "name");
            default -> new ListResultFilter(filter, "resources/read", "resources", "uri");
        };
    }

    /** Whether the result of {@code method} is a list the policy may filter ({@link #forMethod}). */
    static boolean filterable(String method) {
        return "tools/list".equals(method) || "prompts/list".equals(method) || "resources/list".equals(method);
    }

    /** One JSON message filtered; the same array when nothing was removed or it is not a list result. */
    byte[] message(byte[] json) {
        JsonNode message;
        try {
            message = JSON.readTree(json);
        } catch (IOException e) {
            return json;
        }
        if (!filterInPlace(message)) {
            return json;
        }
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One SSE event (its lines and the blank line ending it) filtered; the same text when unchanged. */
    String event(String event) {
        StringBuilder data = new StringBuilder();
        StringBuilder others = new StringBuilder();
        String[] lines = event.split("\r\n|\n|\r", -1);
        for (String line : lines) {
            if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
            } else if (!line.isEmpty()) {
                others.append(line).append('\n');
            }
        }
        if (data.length() == 0) {
            return event;
        }
        byte[] original = data.toString().getBytes(StandardCharsets.UTF_8);
        byte[] filtered = message(original);
        if (filtered == original) {
            return event;
        }
        return others + "data: " + new String(filtered, StandardCharsets.UTF_8) + "\n\n";
    }

    private boolean filterInPlace(JsonNode message) {
        JsonNode entries = message.path("result").path(arrayField);
        if (!(entries instanceof ArrayNode array)) {
            return false;
        }
        boolean removed = false;
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode key = it.next().get(keyField);
            if (key != null && key.isTextual() && !filter.visible(callMethod, key.asText())) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }
}
