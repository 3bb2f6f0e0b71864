package io.shadowcat.auth;

import io.dropwizard.auth.AuthenticationException;
import io.shadowcat.proxy.AuthOutcome;
import io.shadowcat.proxy.ExchangeAuth;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The proxy's auth stage for OAuth 2.1 bearer tokens (RFC 6750 header form only): extracts the token,
 * checks it (cached, verified, or after one key refetch without blocking), requires the configured
 * scopes, and answers refusals with their challenges. Every refusal is audited. Thread-safe.
 */
public final class BearerAuth implements ExchangeAuth {
    private static final String BEARER = "Bearer ";

    private final TokenCheck tokens;
    private final ScopeAuthorizer authorizer;
    private final List<String> requiredScopes;
    private final int maxTokenLength;
    private final Challenges challenges;
    private final AuthAudit audit;

    /**
     * @param resourceMetadata the URL of this resource's RFC 9728 metadata, named in every challenge
     */
    public BearerAuth(TokenCheck tokens, ScopeAuthorizer authorizer, List<String> requiredScopes, int maxTokenLength,
                      String resourceMetadata, AuthAudit audit) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.requiredScopes = List.copyOf(requiredScopes);
        this.maxTokenLength = maxTokenLength;
        this.challenges = new Challenges(resourceMetadata, requiredScopes);
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public AuthOutcome authenticate(HttpFields headers, String query, String clientAddress) {
        if (query != null && hasAccessTokenParameter(query)) {
            // OAuth 2.1 §5.1.1 removes the query form: URIs end up in logs and histories.
            audit.refused(clientAddress, Reasons.TOKEN_IN_QUERY, null, null);
            return new AuthOutcome.Refused(challenges.invalidRequest("access tokens are not accepted in the query string"));
        }
        String authorization = headers.get(HttpHeader.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            audit.refused(clientAddress, Reasons.MISSING_TOKEN, null, null);
            return new AuthOutcome.Refused(challenges.missingToken());
        }
        // The token is hashed where it stands in the header; it is copied out only when the cache does not know it.
        int from = BEARER.length();
        int to = authorization.length();
        while (from < to && authorization.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && authorization.charAt(to - 1) <= ' ') {
            to--;
        }
        if (to - from > maxTokenLength) {
            audit.refused(clientAddress, Reasons.OVERSIZED, null, null);
            return new AuthOutcome.Refused(challenges.invalidToken("the token is longer than " + maxTokenLength + " characters"));
        }
        TokenHash hash = TokenHash.of(authorization, from, to);
        McpPrincipal known = tokens.cached(hash);
        if (known != null) {
            return decide(new TokenVerdict.Valid(known), clientAddress, hash);
        }
        String token = authorization.substring(from, to);
        TokenVerdict verdict;
        try {
            verdict = tokens.verify(token, hash);
        } catch (AuthenticationException e) {
            return unavailable(clientAddress, hash);
        }
        if (verdict instanceof TokenVerdict.Pending pending) {
            return new AuthOutcome.Deferred(pending.verdict().handle((later, failure) ->
                    failure == null ? decide(later, clientAddress, hash) : unavailable(clientAddress, hash)));
        }
        if (verdict instanceof TokenVerdict.UnknownKey) {
            return new AuthOutcome.Deferred(tokens.recheck(token, hash).handle((later, failure) ->
                    failure == null ? decide(later, clientAddress, hash) : unavailable(clientAddress, hash)));
        }
        return decide(verdict, clientAddress, hash);
    }

    private AuthOutcome decide(TokenVerdict verdict, String clientAddress, TokenHash hash) {
        if (verdict instanceof TokenVerdict.Valid valid) {
            McpPrincipal principal = valid.principal();
            if (!authorizer.authorizeAll(principal, requiredScopes)) {
                audit.refused(clientAddress, Reasons.INSUFFICIENT_SCOPE, principal.subject(), hash);
                return new AuthOutcome.Refused(challenges.insufficientScope());
            }
            return new AuthOutcome.Admitted(principal);
        }
        TokenVerdict.Invalid invalid = (TokenVerdict.Invalid) verdict;
        audit.refused(clientAddress, invalid.reason(), null, hash);
        return new AuthOutcome.Refused(challenges.invalidToken(invalid.description()));
    }

    private AuthOutcome unavailable(String clientAddress, TokenHash hash) {
        audit.refused(clientAddress, Reasons.CHECK_UNAVAILABLE, null, hash);
        return new AuthOutcome.Refused(Challenges.unavailable());
    }

    private static boolean hasAccessTokenParameter(String query) {
        for (String pair : query.split("&")) {
            if (pair.equals("access_token") || pair.startsWith("access_token=")) {
                return true;
            }
        }
        return false;
    }
}
