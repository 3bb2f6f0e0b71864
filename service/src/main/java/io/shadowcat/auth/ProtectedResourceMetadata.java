package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;

/**
 * RFC 9728 protected resource metadata: the resource identifier, the authorization servers that issue
 * tokens for it, the scopes it knows, and that tokens go in the header only. (Shadowcat signs no
 * responses, so {@code resource_signing_alg_values_supported} is not listed.) Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProtectedResourceMetadata(
        @JsonProperty("resource") String resource,
        @JsonProperty("authorization_servers") List<String> authorizationServers,
        @JsonProperty("scopes_supported") List<String> scopesSupported,
        @JsonProperty("bearer_methods_supported") List<String> bearerMethodsSupported) {
    /** The well-known URI of the metadata, path-inserted for a resource with a path (RFC 9728 §3.1). */
    public static String wellKnownUri(URI resource) {
        String path = resource.getRawPath() == null || "/".equals(resource.getRawPath()) ? "" : resource.getRawPath();
        return resource.getScheme() + "://" + resource.getRawAuthority() + ProtectedResourceMetadataResource.WELL_KNOWN + path;
    }
}
