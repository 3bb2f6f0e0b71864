package io.shadowcat.auth;

import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /auth/principal}: who the presented bearer token authenticates, and its scopes. A Jersey
 * management endpoint behind the same authenticator as the proxy, via Dropwizard's auth filter.
 */
@Path("/auth/principal")
@Produces(MediaType.APPLICATION_JSON)
public final class PrincipalResource {
    @GET
    public Map<String, Object> principal(@Auth McpPrincipal principal) {
        return Map.of("subject", principal.subject(), "issuer", principal.issuer(),
                "scopes", new TreeSet<>(principal.scopes()), "expiresAt", principal.expiresAt().toString());
    }
}
