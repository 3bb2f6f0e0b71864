package io.shadowcat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.shadowcat.auth.AuthFactory;
import io.shadowcat.auth.NoAuthFactory;
import io.shadowcat.jfr.FlightRecorderFactory;
import io.shadowcat.policy.PolicyFactory;
import io.shadowcat.ratelimit.RateLimitsFactory;
import io.shadowcat.proxy.ProxyFactory;
import io.shadowcat.session.SessionsFactory;
import io.shadowcat.upstream.UpstreamFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** The root of {@code config.yml}: Dropwizard's own blocks plus Shadowcat's. */
public class ShadowcatConfiguration extends Configuration {
    @Valid
    @NotNull
    private ProxyFactory proxy = new ProxyFactory();

    @Valid
    @NotNull
    private SessionsFactory sessions = new SessionsFactory();

    @Valid
    @NotEmpty
    private List<UpstreamFactory> upstreams = List.of();

    @Valid
    @NotNull
    private FlightRecorderFactory jfr = new FlightRecorderFactory();

    /** Absent means {@code type: none}, which warns at every start. */
    @Valid
    @NotNull
    private AuthFactory auth = new NoAuthFactory();

    @Valid
    @NotNull
    private PolicyFactory policy = new PolicyFactory();

    @Valid
    @NotNull
    private RateLimitsFactory rateLimits = new RateLimitsFactory();

    @JsonProperty
    public RateLimitsFactory getRateLimits() {
        return rateLimits;
    }

    @JsonProperty
    public void setRateLimits(RateLimitsFactory rateLimits) {
        this.rateLimits = rateLimits;
    }

    @JsonProperty
    public PolicyFactory getPolicy() {
        return policy;
    }

    @JsonProperty
    public void setPolicy(PolicyFactory policy) {
        this.policy = policy;
    }

    @JsonProperty
    public ProxyFactory getProxy() {
        return proxy;
    }

    @JsonProperty
    public void setProxy(ProxyFactory proxy) {
        this.proxy = proxy;
    }

    @JsonProperty
    public SessionsFactory getSessions() {
        return sessions;
    }

    @JsonProperty
    public void setSessions(SessionsFactory sessions) {
        this.sessions = sessions;
    }

    @JsonProperty
    public List<UpstreamFactory> getUpstreams() {
        return upstreams;
    }

    @JsonProperty
    public void setUpstreams(List<UpstreamFactory> upstreams) {
        this.upstreams = upstreams;
    }

    @JsonProperty
    public FlightRecorderFactory getJfr() {
        return jfr;
    }

    @JsonProperty
    public void setJfr(FlightRecorderFactory jfr) {
        this.jfr = jfr;
    }

    @JsonProperty
    public AuthFactory getAuth() {
        return auth;
    }

    @JsonProperty
    public void setAuth(AuthFactory auth) {
        this.auth = auth;
    }
}
