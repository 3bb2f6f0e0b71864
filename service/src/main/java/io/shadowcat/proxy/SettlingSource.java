package io.shadowcat.proxy;

import java.util.Objects;
import org.eclipse.jetty.io.Content;

/**
 * The server-to-proxy content, passed through unchanged, that runs an action when the upstream's last
 * chunk is read and before it is handed on, so it runs before the client can see the end of the
 * response. The proxy settles the upstream's outcome there (breaker, outlier detection, latency): a
 * client that sends its next request as soon as an answer ends meets an upstream whose state already
 * counts that answer. Confined to one exchange's pump; the action runs at most once.
 */
final class SettlingSource implements Content.Source {
    private final Content.Source serverToProxy;
    private Runnable beforeLast;

    SettlingSource(Content.Source serverToProxy, Runnable beforeLast) {
        this.serverToProxy = Objects.requireNonNull(serverToProxy, "serverToProxy");
        this.beforeLast = Objects.requireNonNull(beforeLast, "beforeLast");
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = serverToProxy.read();
        if (chunk != null && chunk.isLast() && !Content.Chunk.isFailure(chunk) && beforeLast != null) {
            Runnable action = beforeLast;
            beforeLast = null;
            action.run();
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        serverToProxy.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        serverToProxy.fail(failure);
    }

    @Override
    public void fail(Throwable failure, boolean last) {
        serverToProxy.fail(failure, last);
    }

    @Override
    public long getLength() {
        return serverToProxy.getLength();
    }
}
