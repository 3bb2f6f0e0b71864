package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.function.LongSupplier;

/**
 * One entry of {@code upstreams:}: a name, and either a {@code url} or {@code embedded: true} for
 * the in-process demo server. Optional {@code credentials} are what the upstream sees instead of
 * the client's. The rest is optional too: {@code weight} (for the weighted strategy), {@code pool},
 * {@code healthCheck} (absent: no active checks), {@code outlierDetection} and {@code circuitBreaker}.
 */
public class UpstreamFactory {
    @NotEmpty
    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 letters, digits, '.', '_' or '-'")
    private String name;

    private URI url;

    private boolean embedded;

    @Valid
    private UpstreamCredentialsFactory credentials;

    @Min(1)
    private int weight = 1;

    @Valid
    @NotNull
    private PoolFactory pool = new PoolFactory();

    @Valid
    private HealthCheckFactory healthCheck;

    @Valid
    @NotNull
    private OutlierDetectionFactory outlierDetection = new OutlierDetectionFactory();

    @Valid
    @NotNull
    private CircuitBreakerFactory circuitBreaker = new CircuitBreakerFactory();

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

    @JsonProperty
    public int getWeight() {
        return weight;
    }

    @JsonProperty
    public void setWeight(int weight) {
        this.weight = weight;
    }

    @JsonProperty
    public PoolFactory getPool() {
        return pool;
    }

    @JsonProperty
    public void setPool(PoolFactory pool) {
        this.pool = pool;
    }

    @JsonProperty
    public HealthCheckFactory getHealthCheck() {
        return healthCheck;
    }

    @JsonProperty
    public void setHealthCheck(HealthCheckFactory healthCheck) {
        this.healthCheck = healthCheck;
    }

    @JsonProperty
    public OutlierDetectionFactory getOutlierDetection() {
        return outlierDetection;
    }

    @JsonProperty
    public void setOutlierDetection(OutlierDetectionFactory outlierDetection) {
        this.outlierDetection = outlierDetection;
    }

    @JsonProperty
    public CircuitBreakerFactory getCircuitBreaker() {
        return circuitBreaker;
    }

    @JsonProperty
    public void setCircuitBreaker(CircuitBreakerFactory circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    @JsonIgnore
    @ValidationMethod(message = "needs exactly one of url (an http:// or https:// URL) and embedded: true")
    public boolean isLocated() {
        boolean validUrl = url != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                && url.getHost() != null;
        return embedded != (url != null) && (embedded || validUrl);
    }

    /**
     * The runtime upstream with its own (not yet started) HTTP client; an embedded one gets its address
     * when the demo server starts.
     */
    public Upstream build(PoolDefaults poolDefaults, BalancingFactory balancing, LongSupplier nanoClock) {
        return Upstream.builder(name)
                .endpoint(embedded ? null : url)
                .credential(credentials == null ? null : credentials.build())
                .weight(weight)
                .client(pool.buildClient(name, poolDefaults))
                .probe(healthCheck == null ? null : healthCheck.buildProbe())
                .health(outlierDetection.build(healthCheck))
                .breaker(circuitBreaker.build())
                .ewmaDecay(balancing.getEwmaDecay().toJavaDuration())
                .nanoClock(nanoClock)
                .build();
    }
}
