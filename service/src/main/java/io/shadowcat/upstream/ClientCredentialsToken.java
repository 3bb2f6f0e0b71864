package io.shadowcat.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * An upstream access token from the OAuth 2.1 client-credentials grant (client_secret_basic), fetched on
 * first use, cached until shortly before it expires, and refreshed in the background once less than
 * {@code refreshBefore} of its life is left, while requests keep using the current one. At most one
 * fetch runs at a time; after a failed fetch, none starts for {@code RETRY_AFTER_FAILURE} (requests that
 * have no valid token meanwhile fail at once), so an authorization server that is down is not hammered.
 * Fetches are asynchronous: no caller waits.
 * Thread-safe.
 */
public final class ClientCredentialsToken implements UpstreamCredential {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stop using a token this long before its {@code exp}: it must still be valid when the upstream checks it. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final HttpRequest tokenRequest;
    private final HttpClient http;
    private final long refreshBeforeNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<Held> held = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<HttpField>> inFlight = new AtomicReference<>();
    /** The last failed fetch, until a retry is allowed; {@code null} when the last fetch succeeded. */
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();

    private record Failure(CompletableFuture<HttpField> failed, long at) {
    }

    private record Held(CompletableFuture<HttpField> header, long refreshAt, long expiresAt) {
    }

    /**
     * @param scope    space-separated scopes to ask for, or {@code null}
     * @param resource the upstream's resource indicator (RFC 8707), or {@code null}
     */
    public ClientCredentialsToken(URI tokenUrl, String clientId, String clientSecret, String scope, String resource,
                                  Duration timeout, Duration refreshBefore, LongSupplier nanoClock) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (scope != null) {
            form.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        if (resource != null) {
            form.append("&resource=").append(URLEncoder.encode(resource, StandardCharsets.UTF_8));
        }
        // RFC 6749 §2.3.1: form-encode the id and secret before joining them for Basic.
        String basic = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        this.tokenRequest = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.refreshBeforeNanos = refreshBefore.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public CompletableFuture<HttpField> header() {
        Held current = held.get();
        long now = nanoClock.getAsLong();
        Failure failure = lastFailure.get();
        boolean mayFetch = failure == null || now - failure.at() >= RETRY_AFTER_FAILURE.toNanos();
        if (current != null && now - current.expiresAt() < 0) {
            if (now - current.refreshAt() >= 0 && mayFetch) {
                fetch();
            }
            return current.header();
        }
        return mayFetch ? fetch() : failure.failed();
    }

    private CompletableFuture<HttpField> fetch() {
        CompletableFuture<HttpField> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            CompletableFuture<HttpField> running = inFlight.get();
            return running != null ? running : header();
        }
        long started = nanoClock.getAsLong();
        http.sendAsync(tokenRequest, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    throw new IllegalStateException("token endpoint unreachable: " + failure, failure);
                }
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("token endpoint answered HTTP " + response.statusCode());
                }
                JsonNode body = JSON.readTree(response.body());
                String token = body.path("access_token").asText(null);
                if (token == null || !"bearer".equalsIgnoreCase(body.path("token_type").asText(""))) {
                    throw new IllegalStateException("token endpoint sent no bearer access_token");
                }
                long lifetime = Duration.ofSeconds(body.path("expires_in").asLong(300)).minus(EXPIRY_MARGIN).toNanos();
                long refreshAt = started + Math.max(lifetime / 2, lifetime - refreshBeforeNanos);
                CompletableFuture<HttpField> header = CompletableFuture.completedFuture(
                        new PreEncodedHttpField(HttpHeader.AUTHORIZATION, "Bearer " + token));
                held.set(new Held(header, refreshAt, started + lifetime));
                lastFailure.set(null);
                inFlight.set(null);
                mine.complete(header.join());
            } catch (Exception e) {
                lastFailure.set(new Failure(mine, nanoClock.getAsLong()));
                inFlight.set(null);
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }
}
