package io.shadowcat.regression.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to the fields of a parsed JSON document that fails with the file and the field
 * path of the first problem. One per file; not thread-safe (nor needs to be).
 */
final class Fields {
    private final String file;

    Fields(String file) {
        this.file = file;
    }

    ResultFormatException error(String path, String problem) {
        return new ResultFormatException(file, path.isEmpty() ? "" : "field " + path, problem);
    }

    static String at(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    JsonNode required(JsonNode parent, String parentPath, String name) throws ResultFormatException {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw error(at(parentPath, name), "missing");
        }
        return node;
    }

    JsonNode object(JsonNode parent, String parentPath, String name) throws ResultFormatException {
        JsonNode node = required(parent, parentPath, name);
        if (!node.isObject()) {
            throw error(at(parentPath, name), "expected an object, found " + describe(node));
        }
        return node;
    }

    List<JsonNode> array(JsonNode parent, String parentPath, String name) throws ResultFormatException {
        JsonNode node = required(parent, parentPath, name);
        if (!node.isArray()) {
            throw error(at(parentPath, name), "expected an array, found " + describe(node));
        }
        List<JsonNode> elements = new ArrayList<>();
        node.forEach(elements::add);
        return elements;
    }

    String text(JsonNode parent, String parentPath, String name) throws ResultFormatException {
        JsonNode node = required(parent, parentPath, name);
        if (!node.isTextual()) {
            throw error(at(parentPath, name), "expected a string, found " + describe(node));
        }
        return node.asText();
    }

    String nonEmptyText(JsonNode parent, String parentPath, String name) throws ResultFormatException {
        String text = text(parent, parentPath, name);
        if (text.isBlank()) {
            throw error(at(parentPath, name), "must not be empty");
        }
        return text;
    }

    String optionalText(JsonNode parent, String parentPath, String name, String fallback)
            throws ResultFormatException {
        JsonNode node = parent.get(name);
        return node == null || node.isNull() ? fallback : text(parent, parentPath, name);
    }

    double number(JsonNode parent, String parentPath, String name) throws ResultFormatException {
        return number(required(parent, parentPath, name), at(parentPath, name));
    }

    double number(JsonNode node, String path) throws ResultFormatException {
        if (!node.isNumber()) {
            throw error(path, "expected a number, found " + describe(node));
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            throw error(path, "must be finite");
        }
        return value;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "\"" + node.asText() + "\"";
            case NUMBER, BOOLEAN -> node.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
