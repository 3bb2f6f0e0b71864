package io.shadowcat.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.AuthenticationException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * RFC 7662 token introspection for opaque access tokens: asks the authorization server, asynchronously,
 * whether a token is active, for whom, with which scopes, until when, and for which audience. An active
 * answer without {@code exp} is trusted for {@code defaultLifetime}. Thread-safe.
 */
public final class Introspector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String authorization;
    private final Duration timeout;
    private final String issuer;
    private final String audience;
    private final Duration defaultLifetime;
    private final Clock clock;
    private final HttpClient http;

    public Introspector(URI endpoint, String clientId, String clientSecret, Duration timeout, String issuer, String audience,
                        Duration defaultLifetime, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        String basic = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.defaultLifetime = Objects.requireNonNull(defaultLifetime, "defaultLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The verdict on {@code token}; completes exceptionally with an {@link AuthenticationException} when the server cannot answer. */
    public CompletableFuture<TokenVerdict> introspect(String token) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                        + "&token_type_hint=access_token")).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(new AuthenticationException("introspection endpoint unreachable", failure));
            }
            if (response.statusCode() != 200) {
                throw new CompletionException(new AuthenticationException("introspection endpoint answered HTTP " + response.statusCode()));
            }
            try {
                return verdict(JSON.readTree(response.body()));
            } catch (java.io.IOException e) {
                throw new CompletionException(new AuthenticationException("introspection endpoint sent no JSON", e));
            }
        });
    }

    private TokenVerdict verdict(JsonNode answer) {
        if (!answer.path("active").asBoolean(false)) {
            return new TokenVerdict.Invalid(Reasons.INACTIVE, "the token is not active");
        }
        Instant now = clock.instant();
        Instant expiresAt = answer.hasNonNull("exp") ? Instant.ofEpochSecond(answer.get("exp").asLong()) : now.plus(defaultLifetime);
        if (!expiresAt.isAfter(now)) {
            return new TokenVerdict.Invalid(Reasons.EXPIRED, "the token has expired");
        }
        if (answer.hasNonNull("iss") && !issuer.equals(answer.get("iss").asText())) {
            return new TokenVerdict.Invalid(Reasons.BAD_ISSUER, "the token was not issued by " + issuer);
        }
        JsonNode aud = answer.get("aud");
        boolean forUs = aud == null || aud.isNull() || (aud.isArray() ? contains(aud, audience) : audience.equals(aud.asText()));
        if (!forUs) {
            return new TokenVerdict.Invalid(Reasons.BAD_AUDIENCE, "the token's audience is not " + audience);
        }
        String subject = answer.hasNonNull("sub") ? answer.get("sub").asText()
                : answer.hasNonNull("client_id") ? answer.get("client_id").asText() : null;
        if (subject == null) {
            return new TokenVerdict.Invalid(Reasons.BAD_CLAIMS, "the token has no subject");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : answer.path("scope").asText("").trim().split("\\s+")) {
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
        return new TokenVerdict.Valid(new McpPrincipal(subject, issuer, scopes, expiresAt, ClaimValues.of(answer)));
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }
}
