package io.shadowcat.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Answers one {@code tools/call progress} as a server-sent event stream: the headers at once, then
 * after each interval a {@code notifications/progress} event (when the client sent a
 * {@code progressToken}), each written and flushed on its own, then the result as the last event.
 *
 * <p>No thread waits: the scheduler times each interval. Confined: each step starts only from the
 * completion of the write before it, so steps never overlap and need no locking. A failed write
 * (the client went away) fails the exchange's callback and ends the stream.
 */
final class ProgressStream {
    private final Response response;
    private final Callback callback;
    private final Pacer pacer;
    private final SseEvents events;
    private final Outcome.Progress progress;
    private int step;

    ProgressStream(Response response, Callback callback, Pacer pacer, SseEvents events,
            Outcome.Progress progress) {
        this.response = response;
        this.callback = callback;
        this.pacer = pacer;
        this.events = events;
        this.progress = progress;
    }

    /** Commits the headers and starts counting. */
    void start() {
        SseEvents.begin(response);
        response.write(false, BufferUtil.EMPTY_BUFFER, then(this::next));
    }

    private void next() {
        if (step == progress.steps()) {
            response.write(true, events.event(progress.result()), callback);
        } else {
            pacer.later(progress.interval(), this::step);
        }
    }

    private void step() {
        step++;
        if (progress.progressToken() == null) {
            next();
            return;
        }
        response.write(false, events.event(notification()), then(this::next));
    }

    private ObjectNode notification() {
        ObjectNode params = JsonRpc.NODES.objectNode();
        params.set("progressToken", progress.progressToken());
        params.put("progress", step);
        params.put("total", progress.steps());
        params.put("message", "Step " + step + " of " + progress.steps());
        return JsonRpc.notification("notifications/progress", params);
    }

    /** After a write: go on, or end the exchange with the write's failure. */
    private Callback then(Runnable onWritten) {
        return Callback.from(Invocable.InvocationType.NON_BLOCKING, onWritten, callback::failed);
    }
}
