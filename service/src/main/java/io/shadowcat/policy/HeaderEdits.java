package io.shadowcat.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.proxy.UpstreamHeaderEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;

/** Parses the {@code setHeaders} and {@code removeHeaders} parts of an action. Stateless. */
final class HeaderEdits {
    /** Headers the proxy owns towards the upstream: a rule may not forge or drop them. */
    private static final Set<String> RESERVED = Set.of("authorization", "mcp-session-id", "host", "content-length",
            "transfer-encoding", "connection", "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");

    private HeaderEdits() {
    }

    static List<UpstreamHeaderEdit> set(JsonNode value, String at) {
        if (!value.isObject() || value.size() == 0) {
            throw new InvalidRulesException(at + ": must map header names to values, e.g. {X-Tenant: acme}");
        }
        List<UpstreamHeaderEdit> edits = new ArrayList<>(value.size());
        value.fields().forEachRemaining(field -> {
            String name = name(field.getKey(), at);
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new InvalidRulesException(at + "." + name + ": must be a text value");
            }
            HttpField header = new HttpField(name, field.getValue().asText());
            edits.add(headers -> headers.put(header));
        });
        return edits;
    }

    static List<UpstreamHeaderEdit> remove(JsonNode value, String at) {
        if (!value.isArray() || value.size() == 0) {
            throw new InvalidRulesException(at + ": must be a list of header names");
        }
        List<UpstreamHeaderEdit> edits = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new InvalidRulesException(at + ": every entry must be a header name");
            }
            String name = name(element.asText(), at);
            edits.add(headers -> headers.remove(name));
        }
        return edits;
    }

    private static String name(String name, String at) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new InvalidRulesException(at + ": '" + name + "' is not a valid header name");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidRulesException(at + ": " + name + " is set by the proxy itself and cannot be changed by a rule");
        }
        return name;
    }
}
