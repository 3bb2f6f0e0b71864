package io.shadowcat.proxy;

import io.shadowcat.profiler.ExchangeTimer;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Copies a list response to the client through a {@link ListResultFilter} ({@link ListBody}: a JSON body is
 * gathered whole and written filtered, an SSE body event by event as each event completes, so progress and
 * other events still stream). Back-pressure as in {@link ResponsePump}: nothing more is read until the
 * previous write has completed. Confined to one exchange.
 */
final class FilteringPump extends IteratingCallback {
    private final Content.Source serverToProxy;
    private final Response proxyToClient;
    private final ExchangeTimer timer;
    private final ListBody body;
    private final ResponsePump.Ended done;
    private final Invocable.Task resume = Invocable.from(Invocable.InvocationType.NON_BLOCKING, this::succeeded);
    private boolean lastWritten;
    private volatile boolean upstreamFailed;

    FilteringPump(Content.Source serverToProxy, Response proxyToClient, ExchangeTimer timer, ListResultFilter filter,
                  boolean sse, ResponsePump.Ended done) {
        this.serverToProxy = serverToProxy;
        this.proxyToClient = proxyToClient;
        this.timer = timer;
        this.body = new ListBody(filter, sse);
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
            byte[] out = body.next(copy, last);
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
