package io.shadowcat.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A list response's body on its way through a {@link ListResultFilter}, for either data plane: a JSON body is
 * gathered whole and given back filtered at its end; an SSE body is given back event by event as each event
 * completes, so progress and other events still stream. At most {@link #MAX_BYTES} are held. Confined to one
 * exchange.
 */
final class ListBody {
    /** Largest list response (or SSE event of one) held for filtering; beyond, the response fails. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final ListResultFilter filter;
    private final boolean sse;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    ListBody(ListResultFilter filter, boolean sse) {
        this.filter = filter;
        this.sse = sse;
    }

    /**
     * Takes the body's next bytes ({@code last}: the body ends with them).
     *
     * @return what can go to the client now, filtered; {@code null} when nothing can yet
     * @throws IOException when more than the limit would have to be held
     */
    byte[] next(byte[] bytes, boolean last) throws IOException {
        pending.write(bytes, 0, bytes.length);
        if (pending.size() > MAX_BYTES) {
            throw new IOException("list result over " + MAX_BYTES + " bytes cannot be filtered");
        }
        return sse ? completeEvents(last) : last ? filter.message(pending.toByteArray()) : null;
    }

    /** The complete events gathered so far, filtered; at the end, whatever is left goes too. */
    private byte[] completeEvents(boolean last) {
        byte[] buffered = pending.toByteArray();
        int end = last ? buffered.length : lastEventEnd(buffered);
        if (end == 0) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int i = 0; i < end; ) {
            int eventEnd = eventEnd(buffered, i, end);
            out.append(filter.event(new String(buffered, start, eventEnd - start, StandardCharsets.UTF_8)));
            start = eventEnd;
            i = eventEnd;
        }
        pending.reset();
        pending.write(buffered, end, buffered.length - end);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Index after the blank line ending the event that starts at {@code from}, or {@code limit}. */
    private static int eventEnd(byte[] bytes, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (bytes[i] == '\n') {
                if (i + 1 < limit && bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < limit && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return limit;
    }

    /** Index after the last complete event in {@code bytes}, 0 when there is none. */
    private static int lastEventEnd(byte[] bytes) {
        int end = 0;
        int at = 0;
        while (at < bytes.length) {
            int next = eventEnd(bytes, at, bytes.length);
            if (next == bytes.length && !(next >= 2 && bytes[next - 1] == '\n' && (bytes[next - 2] == '\n'
                    || (next >= 3 && bytes[next - 2] == '\r' && bytes[next - 3] == '\n')))) {
                break;
            }
            end = next;
            at = next;
        }
        return end;
    }
}
