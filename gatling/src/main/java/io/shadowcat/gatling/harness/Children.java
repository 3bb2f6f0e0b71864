package io.shadowcat.gatling.harness;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the harness started and has not yet seen end, so that stopping the harness (Ctrl-C, SIGTERM)
 * stops them too, by PID: a shutdown hook sends each SIGTERM and, after 5 s, SIGKILL. Thread-safe.
 */
final class Children {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::stopAll, "run-bench-stop"));
    }

    private Children() {
    }

    /**
     * Starts {@code builder}'s command, with class data sharing for the service jar's commands ({@link SharedClasses}),
     * and tracks the process until it ends.
     */
    static Process start(ProcessBuilder builder) throws IOException {
        SharedClasses.Launch launch = SharedClasses.prepare(builder.command());
        Process process;
        try {
            process = started(builder.command(launch.command()).start());
        } catch (IOException | RuntimeException e) {
            SharedClasses.ended(launch, -1);
            throw e;
        }
        SharedClasses.track(launch, process);
        return process;
    }

    static Process started(Process process) {
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        return process;
    }

    private static void stopAll() {
        RUNNING.forEach(Process::destroy);
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Process process : RUNNING) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!process.waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
