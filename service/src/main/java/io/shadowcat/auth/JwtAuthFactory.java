package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JWSAlgorithm;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import io.shadowcat.proxy.ExchangeAuth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * {@code type: jwt}: Shadowcat as an OAuth 2.1 resource server for signed JWT access tokens. Builds the
 * proxy's auth stage and registers, on the application port, the RFC 9728 metadata and Dropwizard's
 * auth filter for Jersey resources, all over one verifier and one cache of verified tokens.
 */
@JsonTypeName("jwt")
public class JwtAuthFactory implements AuthFactory {
    /** Longest a management (Jersey) request waits for a key refetch or an introspection: past any fetch timeout. */
    private static final java.time.Duration JERSEY_WAIT = java.time.Duration.ofSeconds(10);
    /** The canonical URI of the MCP endpoint: the audience tokens must carry (RFC 8707). */
    @NotNull
    private URI resource;
    @NotEmpty
    private String issuer;
    @NotNull
    private List<String> authorizationServers = List.of();
    @NotNull
    private List<String> requiredScopes = List.of();
    @NotEmpty
    private List<String> algorithms = JwtVerifier.DEFAULT_ALGORITHMS.stream().map(JWSAlgorithm::getName).sorted().toList();
    @NotNull
    private Duration clockSkew = Duration.seconds(60);
    @NotNull
    private DataSize maxTokenSize = DataSize.kibibytes(16);
    @Min(1)
    private long cacheMaxEntries = 100_000;
    @NotNull
    private Duration cacheMaxAge = Duration.minutes(5);
    @Valid
    @NotNull
    private KeysFactory keys;
    /** The one key HS256/384/512 tokens verify against; without it, HMAC algorithms are refused. */
    private String hmacSecret;
    /** Optional: opaque tokens are refused without it. */
    @Valid
    private IntrospectionFactory introspection;

    @JsonProperty
    public URI getResource() {
        return resource;
    }

    @JsonProperty
    public void setResource(URI resource) {
        this.resource = resource;
    }

    @JsonProperty
    public String getIssuer() {
        return issuer;
    }

    @JsonProperty
    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    @JsonProperty
    public List<String> getAuthorizationServers() {
        return authorizationServers;
    }

    @JsonProperty
    public void setAuthorizationServers(List<String> authorizationServers) {
        this.authorizationServers = authorizationServers;
    }

    @JsonProperty
    public List<String> getRequiredScopes() {
        return requiredScopes;
    }

    @JsonProperty
    public void setRequiredScopes(List<String> requiredScopes) {
        this.requiredScopes = requiredScopes;
    }

    @JsonProperty
    public List<String> getAlgorithms() {
        return algorithms;
    }

    @JsonProperty
    public void setAlgorithms(List<String> algorithms) {
        this.algorithms = algorithms;
    }

    @JsonProperty
    public Duration getClockSkew() {
        return clockSkew;
    }

    @JsonProperty
    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    @JsonProperty
    public DataSize getMaxTokenSize() {
        return maxTokenSize;
    }

    @JsonProperty
    public void setMaxTokenSize(DataSize maxTokenSize) {
        this.maxTokenSize = maxTokenSize;
    }

    @JsonProperty
    public long getCacheMaxEntries() {
        return cacheMaxEntries;
    }

    @JsonProperty
    public void setCacheMaxEntries(long cacheMaxEntries) {
        this.cacheMaxEntries = cacheMaxEntries;
    }

    @JsonProperty
    public Duration getCacheMaxAge() {
        return cacheMaxAge;
    }

    @JsonProperty
    public void setCacheMaxAge(Duration cacheMaxAge) {
        this.cacheMaxAge = cacheMaxAge;
    }

    @JsonProperty
    public KeysFactory getKeys() {
        return keys;
    }

    @JsonProperty
    public void setKeys(KeysFactory keys) {
        this.keys = keys;
    }

    @JsonProperty
    public IntrospectionFactory getIntrospection() {
        return introspection;
    }

    @JsonProperty
    public void setIntrospection(IntrospectionFactory introspection) {
        this.introspection = introspection;
    }

    @JsonProperty
    public String getHmacSecret() {
        return hmacSecret;
    }

    @JsonProperty
    public void setHmacSecret(String hmacSecret) {
        this.hmacSecret = hmacSecret;
    }

    @JsonIgnore
    @ValidationMethod(message = "algorithms must be RS*, PS*, ES* or EdDSA/Ed25519, or HS* together with an hmacSecret; none is never accepted")
    public boolean isAlgorithmsKnown() {
        return algorithms == null || algorithms.stream().map(JWSAlgorithm::parse).allMatch(alg ->
                JwtVerifier.DEFAULT_ALGORITHMS.contains(alg) || (hmacSecret != null && JWSAlgorithm.Family.HMAC_SHA.contains(alg)));
    }

    @JsonIgnore
    @ValidationMethod(message = "resource must be an absolute http:// or https:// URI without a fragment")
    public boolean isResourceCanonical() {
        return resource == null || (("http".equals(resource.getScheme()) || "https".equals(resource.getScheme()))
                && resource.getHost() != null && resource.getFragment() == null);
    }

    /** The verifier alone, for the {@code token} command's self-check and benchmarks. */
    public JwtVerifier buildVerifier(VerificationKeys verificationKeys, Clock clock) {
        Set<JWSAlgorithm> accepted = algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        return new JwtVerifier(verificationKeys, accepted, hmacSecret == null ? null : hmacSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                issuer, resource.toString(), clockSkew.toJavaDuration(), clock);
    }

    @Override
    public ExchangeAuth build(Environment environment, String mcpPath, Clock clock) throws IOException {
        VerificationKeys verificationKeys = keys.build(environment, clock);
        TokenCheck tokens = new TokenCheck(buildVerifier(verificationKeys, clock), verificationKeys,
                new VerifiedTokens(cacheMaxEntries, cacheMaxAge.toJavaDuration(), clock, Ticker.systemTicker()),
                introspection == null ? null : introspection.build(issuer, resource.toString(), clock));
        ScopeAuthorizer authorizer = new ScopeAuthorizer();

        ProtectedResourceMetadata metadata = new ProtectedResourceMetadata(resource.toString(), authorizationServers,
                requiredScopes, List.of("header"));
        environment.jersey().register(new ProtectedResourceMetadataResource(metadata, mcpPath));
        environment.jersey().register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<McpPrincipal>()
                .setAuthenticator(new McpAuthenticator(tokens, JERSEY_WAIT))
                .setAuthorizer(authorizer)
                .setPrefix("Bearer")
                .buildAuthFilter()));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(McpPrincipal.class));
        environment.jersey().register(new PrincipalResource());

        return new BearerAuth(tokens, authorizer, requiredScopes, (int) Math.min(Integer.MAX_VALUE, maxTokenSize.toBytes()),
                ProtectedResourceMetadata.wellKnownUri(resource), new AuthAudit(environment.metrics(), clock));
    }
}
