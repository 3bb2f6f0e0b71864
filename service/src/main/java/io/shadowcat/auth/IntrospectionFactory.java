package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;

/**
 * {@code auth.introspection}: RFC 7662 introspection for opaque (non-JWT) access tokens, with the
 * resource server's own client credentials. Active answers are cached up to their {@code exp}.
 */
public class IntrospectionFactory {
    @NotNull
    private URI endpoint;
    @NotEmpty
    private String clientId;
    @NotEmpty
    private String clientSecret;
    @NotNull
    private Duration timeout = Duration.seconds(5);
    /** How long an active answer without {@code exp} is trusted. */
    @NotNull
    private Duration defaultLifetime = Duration.minutes(1);

    @JsonProperty
    public URI getEndpoint() {
        return endpoint;
    }

    @JsonProperty
    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    @JsonProperty
    public String getClientId() {
        return clientId;
    }

    @JsonProperty
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    @JsonProperty
    public String getClientSecret() {
        return clientSecret;
    }

    @JsonProperty
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
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
    public Duration getDefaultLifetime() {
        return defaultLifetime;
    }

    @JsonProperty
    public void setDefaultLifetime(Duration defaultLifetime) {
        this.defaultLifetime = defaultLifetime;
    }

    public Introspector build(String issuer, String audience, Clock clock) {
        return new Introspector(endpoint, clientId, clientSecret, timeout.toJavaDuration(), issuer, audience,
                defaultLifetime.toJavaDuration(), clock);
    }
}
