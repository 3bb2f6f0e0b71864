package io.shadowcat.policy;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a rules file every interval and hands a changed, valid version to {@code install} (which swaps
 * it in atomically). An invalid version is logged once, with the error, and the rules in force stay.
 * Owns its one daemon thread; start and stop are the lifecycle's.
 */
final class RulesReloader implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RulesReloader.class);

    private final RulesFile file;
    private final Duration interval;
    private final Consumer<List<Rule>> install;
    private ScheduledExecutorService executor;

    RulesReloader(RulesFile file, Duration interval, Consumer<List<Rule>> install) {
        this.file = Objects.requireNonNull(file, "file");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.install = Objects.requireNonNull(install, "install");
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "shadowcat-rules-reload");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One check: reloads the file if it changed. */
    void reloadIfChanged() {
        if (!file.changed()) {
            return;
        }
        try {
            List<Rule> rules = file.load();
            install.accept(rules);
            LOG.info("policy rules reloaded from {}: {} rules", file.path(), rules.size());
        } catch (InvalidRulesException e) {
            LOG.error("policy rules file refused, the previous rules stay in force: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("policy rules file {} could not be reloaded, the previous rules stay in force", file.path(), e);
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
