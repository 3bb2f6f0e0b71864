package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/**
 * {@code type: oauth-client-credentials}: an access token the proxy obtains for itself from the
 * upstream's authorization server (client-credentials grant), cached until shortly before it expires.
 * The client's own token is never passed on.
 */
@JsonTypeName("oauth-client-credentials")
public class ClientCredentialsFactory implements UpstreamCredentialsFactory {
    @NotNull
    private URI tokenUrl;
    @NotEmpty
    private String clientId;
    @NotEmpty
    private String clientSecret;
    private String scope;
    private String resource;
    @NotNull
    private Duration timeout = Duration.seconds(5);
    @NotNull
    private Duration refreshBefore = Duration.seconds(60);

    @JsonProperty
    public URI getTokenUrl() {
        return tokenUrl;
    }

    @JsonProperty
    public void setTokenUrl(URI tokenUrl) {
        this.tokenUrl = tokenUrl;
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
    public String getScope() {
        return scope;
    }

    @JsonProperty
    public void setScope(String scope) {
        this.scope = scope;
    }

    @JsonProperty
    public String getResource() {
        return resource;
    }

    @JsonProperty
    public void setResource(String resource) {
        this.resource = resource;
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
    public Duration getRefreshBefore() {
        return refreshBefore;
    }

    @JsonProperty
    public void setRefreshBefore(Duration refreshBefore) {
        this.refreshBefore = refreshBefore;
    }

    @Override
    public UpstreamCredential build() {
        return new ClientCredentialsToken(tokenUrl, clientId, clientSecret, scope, resource, timeout.toJavaDuration(),
                refreshBefore.toJavaDuration(), System::nanoTime);
    }
}
