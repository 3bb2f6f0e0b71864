package io.shadowcat.demo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A session's standalone GET stream: 200 {@code text/event-stream}, then a {@code : keep-alive}
 * comment every interval, open until the client goes away (a write fails, or Jetty reports the
 * exchange failed) or {@link #end()} finishes it with a clean last chunk.
 *
 * <p>Thread-safe: the scheduler, write completions, Jetty's failure notice and a stopping server
 * can all reach it at once. A lock keeps at most one write in flight; {@link #closed()} completing
 * is what makes the exchange's callback complete exactly once.
 */
final class KeepAliveStream {
    private final Response response;
    private final Callback callback;
    private final Pacer pacer;
    private final Duration interval;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private Scheduler.Task beat;
    private boolean writing;
    private boolean ending;

    KeepAliveStream(Response response, Callback callback, Pacer pacer, Duration interval) {
        this.response = response;
        this.callback = callback;
        this.pacer = pacer;
        this.interval = interval;
    }

    /** Commits the headers and starts the keep-alive beat. */
    void open(Request request) {
        request.addFailureListener(this::fail);
        SseEvents.begin(response);
        synchronized (this) {
            writing = true;
        }
        response.write(false, BufferUtil.EMPTY_BUFFER, afterWrite());
    }

    /** Completes once the stream has ended, cleanly or not. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /** Ends the stream cleanly; the returned future completes when the last chunk is sent. */
    CompletableFuture<Void> end() {
        synchronized (this) {
            if (ending) {
                return closed;
            }
            ending = true;
            cancelBeat();
            if (writing) {
                return closed; // the write in flight finishes the stream when it completes
            }
            writing = true;
        }
        finish();
        return closed;
    }

    private void beat() {
        synchronized (this) {
            if (ending) {
                return;
            }
            writing = true;
        }
        response.write(false, SseEvents.keepAlive(), afterWrite());
    }

    private void written() {
        synchronized (this) {
            writing = false;
            if (!ending) {
                beat = pacer.later(interval, this::beat);
                return;
            }
            writing = true;
        }
        finish();
    }

    private void finish() {
        response.write(true, BufferUtil.EMPTY_BUFFER, Callback.from(
                Invocable.InvocationType.NON_BLOCKING, this::succeed, this::fail));
    }

    private void succeed() {
        if (closed.complete(null)) {
            callback.succeeded();
        }
    }

    private void fail(Throwable failure) {
        synchronized (this) {
            ending = true;
            cancelBeat();
        }
        if (closed.complete(null)) {
            callback.failed(failure);
        }
    }

    private void cancelBeat() {
        if (beat != null) {
            beat.cancel();
        }
    }

    private Callback afterWrite() {
        return Callback.from(Invocable.InvocationType.NON_BLOCKING, this::written, this::fail);
    }
}
