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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from a JWKS URI: fetched at start and refreshed in the background ahead of their expiry (at three
 * quarters of the response's {@code Cache-Control: max-age}, and at least every {@code refreshInterval};
 * a failed fetch is retried after {@code minRefetchInterval}, at least a second); a token
 * with an unknown key id may trigger a refetch, but at most one per {@code minRefetchInterval} (and
 * never two at once), so a flood of made-up key ids cannot flood the authorization server. When a
 * fetch fails the keys already held keep serving; {@link #status()} says so.
 *
 * <p>Fetches are asynchronous ({@link HttpClient#sendAsync}); no caller ever waits on the network.
 * Thread-safe. Owns its HTTP client and refresh thread, started and stopped as a {@link Managed}.
 */
public final class RemoteJwks implements VerificationKeys, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d+)");
    private static final Duration MIN_REFRESH = Duration.ofSeconds(1);

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
    /** When the scheduled refresh after the last completed fetch is due, as a delay from that fetch. */
    private volatile Duration nextRefresh = MIN_REFRESH;
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
        refresher.execute(this::refresh);
    }

    /** One scheduled refresh; the next is scheduled when this one completes, after {@link #nextRefresh()}. */
    private void refresh() {
        fetch().whenComplete((loaded, failure) -> {
            ScheduledExecutorService scheduler = refresher;
            if (!scheduler.isShutdown()) {
                scheduler.schedule(this::refresh, nextRefresh.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** The delay until the background refresh after the last completed fetch. */
    Duration nextRefresh() {
        return nextRefresh;
    }

    /**
     * When to refresh keys fetched with this {@code Cache-Control} value: ahead of their expiry, at three
     * quarters of {@code max-age}, but no later than {@code refreshInterval} and no sooner than a second.
     */
    static Duration refreshAfter(String cacheControl, Duration refreshInterval) {
        Duration after = refreshInterval;
        if (cacheControl != null) {
            Matcher maxAge = MAX_AGE.matcher(cacheControl);
            if (maxAge.find() && maxAge.group(1).length() <= 9) {
                Duration ahead = Duration.ofMillis(Long.parseLong(maxAge.group(1)) * 750);
                after = ahead.compareTo(after) < 0 ? ahead : after;
            }
        }
        return after.compareTo(MIN_REFRESH) < 0 ? MIN_REFRESH : after;
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
                    nextRefresh = refreshAfter(response.headers().firstValue("Cache-Control").orElse(null), refreshInterval);
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
        nextRefresh = refreshAfter(null, Duration.ofNanos(Math.min(minRefetchNanos, refreshInterval.toNanos())));
        status = new Status(status.lastSuccess(), why);
        LOG.warn("JWKS fetch from {} failed ({}); {}", uri, why,
                keys.get().isEmpty() ? "no keys to check tokens with" : "serving the keys fetched before");
    }
}
