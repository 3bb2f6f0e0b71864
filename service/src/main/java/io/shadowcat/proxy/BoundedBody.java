package io.shadowcat.proxy;

import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a request body into one array without blocking, up to a size limit.
 *
 * <p>The body is needed whole (for the envelope now, for policy later), so it is buffered; the limit
 * bounds what one request can make the proxy hold. Confined to one exchange.
 */
final class BoundedBody implements Invocable.Task {
    /** Where the outcome goes: exactly one of the three methods is called, once. */
    interface Sink {
        void body(byte[] bytes, int length);

        void tooLarge(long limit);

        void failed(Throwable cause);
    }

    private final Content.Source source;
    private final long limit;
    private final Sink sink;
    private byte[] bytes;
    private int length;

    private BoundedBody(Content.Source source, long expectedLength, long limit, Sink sink) {
        this.source = source;
        this.limit = limit;
        this.sink = sink;
        this.bytes = new byte[(int) Math.max(64, Math.min(expectedLength < 0 ? 1024 : expectedLength, limit))];
    }

    /** Starts reading {@code source}; {@code expectedLength} is the Content-Length, or -1. */
    static void read(Content.Source source, long expectedLength, long limit, Sink sink) {
        new BoundedBody(source, expectedLength, limit, sink).run();
    }

    /** Reading and copying bytes never blocks, so Jetty may resume it on the thread that read them. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                sink.failed(chunk.getFailure());
                return;
            }
            int remaining = chunk.remaining();
            if ((long) length + remaining > limit) {
                chunk.release();
                sink.tooLarge(limit);
                return;
            }
            if (length + remaining > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(bytes.length * 2L, length + remaining)));
            }
            chunk.get(bytes, length, remaining);
            length += remaining;
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                sink.body(bytes, length);
                return;
            }
        }
    }
}
