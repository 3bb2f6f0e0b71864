package io.shadowcat.auth;

import com.nimbusds.jose.jwk.JWKSet;
import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from a JWKS URI: fetched at start and refreshed in the background ahead of their use; a token
 * with an unknown key id may trigger a refetch, but at most one per {@code minRefetchInterval} (and
 * never two at once), so a flood of made-up key ids cannot flood the authorization server. When a
 * fetch fails the keys already held keep serving; {@link #status()} says so.
 *
 * <p>Fetches are asynchronous ({@link HttpClient#sendAsync}); no caller ever waits on the network.
 * Thread-safe. Owns its HTTP client and refresh thread, started and stopped as a {@link Managed}.
 */
public final class RemoteJwks implements VerificationKeys, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);

    private final URI uri;
    private final Duration timeout;
    private final Duration refreshInterval;
    private final long minRefetchNanos;
    private final LongSupplier nanoClock;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet());
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();
    private volatile long lastFetchStart;
    private volatile boolean fetchedOnce;
    private volatile Status status = new Status(null, "keys not fetched yet");
    private ScheduledExecutorService refresher;

    /** Whether keys are held, when they were last fetched, and the last fetch's failure (or {@code null}). */
    public record Status(Instant lastSuccess, String lastFailure) {
    }

    public RemoteJwks(URI uri, Duration timeout, Duration refreshInterval, Duration minRefetchInterval,
                      Clock clock, LongSupplier nanoClock) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.minRefetchNanos = minRefetchInterval.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jwks-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::fetch, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    @Override
    public JWKSet current() {
        return keys.get();
    }

    @Override
    public CompletionStage<Boolean> refetch() {
        CompletableFuture<Boolean> running = inFlight.get();
        if (running != null) {
            return running;
        }
        if (fetchedOnce && nanoClock.getAsLong() - lastFetchStart < minRefetchNanos) {
            return CompletableFuture.completedFuture(false);
        }
        return fetch();
    }

    public Status status() {
        return status;
    }

    /** Starts a fetch unless one is running; the returned stage completes with whether keys were loaded. */
    CompletableFuture<Boolean> fetch() {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            return inFlight.get() == null ? CompletableFuture.completedFuture(false) : inFlight.get();
        }
        lastFetchStart = nanoClock.getAsLong();
        fetchedOnce = true;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            boolean loaded = false;
            try {
                if (failure != null) {
                    failed(failure.toString());
                } else if (response.statusCode() != 200) {
                    failed("HTTP " + response.statusCode());
                } else {
                    keys.set(JWKSet.parse(response.body()).toPublicJWKSet());
                    status = new Status(clock.instant(), null);
                    loaded = true;
                }
            } catch (java.text.ParseException | RuntimeException e) {
                failed("not a JWK set: " + e.getMessage());
            } finally {
                inFlight.set(null);
                mine.complete(loaded);
            }
        });
        return mine;
    }

    private void failed(String why) {
        status = new Status(status.lastSuccess(), why);
        LOG.warn("JWKS fetch from {} failed ({}); {}", uri, why,
                keys.get().isEmpty() ? "no keys to check tokens with" : "serving the keys fetched before");
    }
}
