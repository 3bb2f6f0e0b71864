package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.net.URI;

/**
 * One entry of {@code upstreams:}: a name, and either a {@code url} or {@code embedded: true} for
 * the in-process demo server. Optional {@code credentials} are what the upstream sees instead of
 * the client's.
 */
public class UpstreamFactory {
    @NotEmpty
    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 letters, digits, '.', '_' or '-'")
    private String name;

    private URI url;

    private boolean embedded;

    @Valid
    private UpstreamCredentialsFactory credentials;

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public URI getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(URI url) {
        this.url = url;
    }

    @JsonProperty
    public boolean isEmbedded() {
        return embedded;
    }

    @JsonProperty
    public void setEmbedded(boolean embedded) {
        this.embedded = embedded;
    }

    @JsonProperty
    public UpstreamCredentialsFactory getCredentials() {
        return credentials;
    }

    @JsonProperty
    public void setCredentials(UpstreamCredentialsFactory credentials) {
        this.credentials = credentials;
    }

    @JsonIgnore
    @ValidationMethod(message = "needs exactly one of url (an http:// or https:// URL) and embedded: true")
    public boolean isLocated() {
        boolean validUrl = url != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                && url.getHost() != null;
        return embedded != (url != null) && (embedded || validUrl);
    }

    /** The runtime upstream; an embedded one gets its address when the demo server starts. */
    public Upstream build() {
        return new Upstream(name, embedded ? null : url, credentials == null ? null : credentials.build());
    }
}
