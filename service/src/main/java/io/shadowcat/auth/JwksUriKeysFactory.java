package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;

/**
 * {@code type: jwks-uri}: keys fetched from the authorization server's JWKS URI, refreshed every
 * {@code refreshInterval}, refetched for an unknown key id at most once per {@code minRefetchInterval}.
 */
@JsonTypeName("jwks-uri")
public class JwksUriKeysFactory implements KeysFactory {
    @NotNull
    private URI uri;
    @NotNull
    private Duration timeout = Duration.seconds(5);
    @NotNull
    private Duration refreshInterval = Duration.minutes(5);
    @NotNull
    private Duration minRefetchInterval = Duration.seconds(30);

    @JsonProperty
    public URI getUri() {
        return uri;
    }

    @JsonProperty
    public void setUri(URI uri) {
        this.uri = uri;
    }

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @JsonProperty
    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    @JsonProperty
    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    @JsonProperty
    public Duration getMinRefetchInterval() {
        return minRefetchInterval;
    }

    @JsonProperty
    public void setMinRefetchInterval(Duration minRefetchInterval) {
        this.minRefetchInterval = minRefetchInterval;
    }

    @Override
    public VerificationKeys build(Environment environment, Clock clock) {
        RemoteJwks keys = new RemoteJwks(uri, timeout.toJavaDuration(), refreshInterval.toJavaDuration(),
                minRefetchInterval.toJavaDuration(), clock, System::nanoTime);
        environment.lifecycle().manage(keys);
        environment.healthChecks().register("jwks", new JwksHealthCheck(keys));
        return keys;
    }
}
