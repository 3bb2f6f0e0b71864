package io.shadowcat.demo;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Runs work after a delay without holding a thread while it waits: the scheduler times the wait,
 * then the work runs on the executor, so the scheduler's single thread stays free to time others.
 *
 * <p>Thread-safe; owns neither the scheduler nor the executor.
 */
final class Pacer {
    private static final Scheduler.Task DONE = () -> false;

    private final Scheduler scheduler;
    private final Executor executor;

    Pacer(Scheduler scheduler, Executor executor) {
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /** Runs {@code task} after {@code delay}; a zero delay runs it at once, on this thread. */
    Scheduler.Task after(Duration delay, Runnable task) {
        if (delay.isZero()) {
            task.run();
            return DONE;
        }
        return later(delay, task);
    }

    /**
     * Runs {@code task} on the executor after {@code delay}, even a zero one, so a chain of steps
     * that each start the next never grows the stack.
     */
    Scheduler.Task later(Duration delay, Runnable task) {
        return scheduler.schedule(() -> executor.execute(task), delay);
    }
}
