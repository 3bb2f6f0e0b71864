package io.shadowcat.proxy;

import io.shadowcat.profiler.ExchangeTimer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Copies the server-to-proxy response body to the proxy-to-client response, chunk by chunk: a chunk
 * is read, written, released, and only then is the next one read or demanded (back-pressure). Each
 * write goes out at once, so an SSE event is flushed to the client as soon as it arrives.
 *
 * <p>Every step is non-blocking and says so, so Jetty runs the next step on the thread that made it
 * possible (the one that read the upstream bytes, or completed the write) instead of waking another.
 * Confined to one exchange; {@code done} is called exactly once.
 */
final class ResponsePump extends IteratingCallback {
    private final Content.Source serverToProxy;
    private final Response proxyToClient;
    private final ExchangeTimer timer;
    private final Ended done;
    private final Invocable.Task resume = Invocable.from(InvocationType.NON_BLOCKING, this::succeeded);
    private Content.Chunk writing;
    private boolean lastWritten;
    private volatile boolean upstreamFailed;

    ResponsePump(Content.Source serverToProxy, Response proxyToClient, ExchangeTimer timer, Ended done) {
        this.serverToProxy = serverToProxy;
        this.proxyToClient = proxyToClient;
        this.timer = timer;
        this.done = done;
    }

    @Override
    protected Action process() throws Throwable {
        release();
        if (lastWritten) {
            return Action.SUCCEEDED;
        }
        Content.Chunk chunk = serverToProxy.read();
        if (chunk == null) {
            serverToProxy.demand(resume);
            return Action.SCHEDULED;
        }
        if (Content.Chunk.isFailure(chunk)) {
            upstreamFailed = true;
            throw chunk.getFailure();
        }
        writing = chunk;
        lastWritten = chunk.isLast();
        timer.addBytesOut(chunk.remaining());
        proxyToClient.write(lastWritten, chunk.getByteBuffer(), this);
        return Action.SCHEDULED;
    }

    /** How a pump tells its exchange that the body is copied, or why not. */
    @FunctionalInterface
    interface Ended {
        /**
         * @param failure      {@code null} when the whole body went to the client
         * @param fromUpstream whether the failure came from the upstream's side (not a write to the client)
         */
        void ended(Throwable failure, boolean fromUpstream);
    }

    @Override
    protected void onCompleteSuccess() {
        done.ended(null, false);
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        release();
        serverToProxy.fail(cause);
        done.ended(cause, upstreamFailed);
    }

    private void release() {
        if (writing != null) {
            writing.release();
            writing = null;
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
