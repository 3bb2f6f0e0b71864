package io.shadowcat.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a token's claims into text values for policy conditions: scalars become one value, arrays their
 * scalar elements, nested objects are left out. Dates become epoch seconds, as in the JWT itself.
 */
final class ClaimValues {
    private ClaimValues() {
    }

    /** From a Nimbus claims map. */
    static Map<String, List<String>> of(Map<String, Object> claims) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            List<String> texts = new ArrayList<>(1);
            if (value instanceof Collection<?> list) {
                list.forEach(element -> add(texts, element));
            } else {
                add(texts, value);
            }
            if (!texts.isEmpty()) {
                values.put(name, List.copyOf(texts));
            }
        });
        return values;
    }

    /** From an RFC 7662 introspection answer. */
    static Map<String, List<String>> of(JsonNode answer) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        answer.fields().forEachRemaining(field -> {
            List<String> texts = new ArrayList<>(1);
            if (field.getValue().isArray()) {
                field.getValue().forEach(element -> {
                    if (element.isValueNode() && !element.isNull()) {
                        texts.add(element.asText());
                    }
                });
            } else if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                texts.add(field.getValue().asText());
            }
            if (!texts.isEmpty()) {
                values.put(field.getKey(), List.copyOf(texts));
            }
        });
        return values;
    }

    private static void add(List<String> texts, Object value) {
        if (value instanceof Date date) {
            texts.add(Long.toString(date.toInstant().getEpochSecond()));
        } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            texts.add(value.toString());
        }
    }
}
