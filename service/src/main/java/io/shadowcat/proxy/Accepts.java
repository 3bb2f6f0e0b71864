package io.shadowcat.proxy;

import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;

/**
 * Which of the two media types of MCP's Streamable HTTP a request's {@code Accept} admits ({@code application/json}
 * and {@code text/event-stream}; wildcards count, parameters are ignored).
 *
 * <p>A client sends the same {@code Accept} on every request, so the answer for the last value seen is kept: a
 * request whose single {@code Accept} field repeats it costs one string comparison instead of a parse. Thread-safe.
 */
record Accepts(boolean json, boolean eventStream) {
    private static final Accepts NEITHER = new Accepts(false, false);
    private static volatile Remembered last = new Remembered("", NEITHER);

    /** What {@code headers} admit. */
    static Accepts of(HttpFields headers) {
        List<String> values = headers.getValuesList(HttpHeader.ACCEPT);
        if (values.isEmpty()) {
            return NEITHER;
        }
        if (values.size() > 1) {
            return parse(headers); // more than one field: their values together
        }
        String value = values.get(0);
        Remembered remembered = last;
        if (remembered.value.equals(value)) {
            return remembered.accepts;
        }
        Accepts accepts = parse(headers);
        last = new Remembered(value, accepts);
        return accepts;
    }

    private static Accepts parse(HttpFields headers) {
        boolean json = false;
        boolean eventStream = false;
        for (String value : headers.getCSV(HttpHeader.ACCEPT, false)) {
            String mediaRange = MimeTypes.getContentTypeWithoutCharset(value);
            int semicolon = mediaRange.indexOf(';');
            String range = (semicolon < 0 ? mediaRange : mediaRange.substring(0, semicolon)).trim();
            int slash = range.indexOf('/');
            if (slash >= 0) {
                String type = range.substring(0, slash);
                String subtype = range.substring(slash + 1);
                json |= matches(type, subtype, "application", "json");
                eventStream |= matches(type, subtype, "text", "event-stream");
            }
        }
        return new Accepts(json, eventStream);
    }

    private static boolean matches(String rangeType, String rangeSubtype, String type, String subtype) {
        return ("*".equals(rangeType) || rangeType.equalsIgnoreCase(type))
                && ("*".equals(rangeSubtype) || rangeSubtype.equalsIgnoreCase(subtype));
    }

    private record Remembered(String value, Accepts accepts) {
    }
}
