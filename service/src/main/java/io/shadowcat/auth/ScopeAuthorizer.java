package io.shadowcat.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Collection;

/**
 * Roles are OAuth scopes: a principal is in role {@code r} when its token granted scope {@code r}.
 * Stateless and thread-safe.
 */
public final class ScopeAuthorizer implements Authorizer<McpPrincipal> {
    @Override
    public boolean authorize(McpPrincipal principal, String role, ContainerRequestContext requestContext) {
        return principal.scopes().contains(role);
    }

    /** Whether {@code principal} holds every one of {@code scopes}. */
    public boolean authorizeAll(McpPrincipal principal, Collection<String> scopes) {
        return principal.scopes().containsAll(scopes);
    }
}
