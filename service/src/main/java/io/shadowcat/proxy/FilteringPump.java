package io.shadowcat.proxy;

import io.shadowcat.profiler.ExchangeTimer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Copies a list response to the client through a {@link ListResultFilter}: a JSON body is gathered whole
 * and written filtered; an SSE body is written event by event as each event completes, so progress and
 * other events still stream. Back-pressure as in {@link ResponsePump}: nothing more is read until the
 * previous write has completed. At most {@code limit} bytes are held. Confined to one exchange.
 */
final class FilteringPump extends IteratingCallback {
    private final Content.Source serverToProxy;
    private final Response proxyToClient;
    private final ExchangeTimer timer;
    private final ListResultFilter filter;
    private final boolean sse;
    private final long limit;
    private final ResponsePump.Ended done;
    private final Invocable.Task resume = Invocable.from(Invocable.InvocationType.NON_BLOCKING, this::succeeded);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean lastWritten;
    private volatile boolean upstreamFailed;

    FilteringPump(Content.Source serverToProxy, Response proxyToClient, ExchangeTimer timer, ListResultFilter filter,
                  boolean sse, long limit, ResponsePump.Ended done) {
        this.serverToProxy = serverToProxy;
        this.proxyToClient = proxyToClient;
        this.timer = timer;
        this.filter = filter;
        this.sse = sse;
        this.limit = limit;
        this.done = done;
    }

    @Override
    protected Action process() throws Throwable {
        while (!lastWritten) {
            Content.Chunk chunk = serverToProxy.read();
            if (chunk == null) {
                serverToProxy.demand(resume);
                return Action.SCHEDULED;
            }
            if (Content.Chunk.isFailure(chunk)) {
                upstreamFailed = true;
                throw chunk.getFailure();
            }
            boolean last = chunk.isLast();
            ByteBuffer bytes = chunk.getByteBuffer();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            chunk.release();
            pending.write(copy, 0, copy.length);
            if (pending.size() > limit) {
                throw new IOException("list result over " + limit + " bytes cannot be filtered");
            }
            byte[] out = sse ? completeEvents(last) : last ? filter.message(pending.toByteArray()) : null;
            if (out == null && !last) {
                continue;
            }
            lastWritten = last;
            ByteBuffer write = out == null ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(out);
            timer.addBytesOut(write.remaining());
            proxyToClient.write(last, write, this);
            return Action.SCHEDULED;
        }
        return Action.SUCCEEDED;
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

    @Override
    protected void onCompleteSuccess() {
        done.ended(null, false);
    }

    /** A failure of the upstream's side counts against it; a write to the client or the size limit does not. */
    @Override
    protected void onCompleteFailure(Throwable cause) {
        serverToProxy.fail(cause);
        done.ended(cause, upstreamFailed);
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
