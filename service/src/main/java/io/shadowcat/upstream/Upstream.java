package io.shadowcat.upstream;

import io.shadowcat.profiler.BreakerEvent;
import io.shadowcat.profiler.UpstreamHealthEvent;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP server behind the proxy: its name (what sessions are pinned to), its endpoint, the credential
 * the proxy presents to it, its own connection pool, and what the proxy knows of its condition
 * (circuit breaker, health, latency, requests in flight, errors by kind).
 *
 * <p>Thread-safe. The endpoint of an embedded upstream is set once when its server has started. The
 * HTTP client is owned by whoever manages the lifecycle (the application); this class only uses it.
 * Breaker and health transitions are logged and recorded as JFR events.
 *
 * <p>Longer than most classes because of its builder: every setting but the name has a default, so
 * tests and benchmarks build an upstream with only what they vary.
 */
public final class Upstream {
    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);

    private final String name;
    private final UpstreamCredential credential;
    private final int weight;
    private final HttpClient client;
    private final HealthProbe probe;
    private final CircuitBreaker breaker;
    private final UpstreamHealth health;
    private final LatencyEwma latency;
    private final PoolQueue poolQueue;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Its pool's connections plus its queue places (its client's queue bound, see PoolFactory): the most requests it holds at once. */
    private final int capacity;
    private final LongAdder[] errors = new LongAdder[FailureKind.values().length];
    private volatile URI endpoint;
    /** Where {@link #send} sends: the client's destination for the endpoint, resolved on first use. */
    private volatile Destination destination;
    /** The {@code Host} field of requests to the endpoint, made on first use. */
    private volatile HostField host;

    private Upstream(Builder builder) {
        this.name = Objects.requireNonNull(builder.name, "name");
        this.endpoint = builder.endpoint;
        this.credential = builder.credential == null ? UpstreamCredential.NONE : builder.credential;
        this.weight = builder.weight;
        this.client = builder.client;
        this.capacity = client == null ? Integer.MAX_VALUE : client.getMaxRequestsQueuedPerDestination();
        this.probe = builder.probe;
        this.breaker = new CircuitBreaker(builder.breaker, builder.nanoClock, this::breakerTransition);
        this.health = new UpstreamHealth(builder.health, builder.nanoClock, this::healthTransition);
        this.latency = new LatencyEwma(builder.ewmaDecay, builder.nanoClock);
        this.poolQueue = new PoolQueue(builder.nanoClock);
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new LongAdder();
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The MCP endpoint URL; {@code null} only while an embedded server has not started. */
    public URI endpoint() {
        return endpoint;
    }

    /** Sets the endpoint of an embedded upstream once its server listens. */
    public void bind(URI started) {
        this.endpoint = Objects.requireNonNull(started, "started");
        this.destination = null;
    }

    /** What the proxy presents to this upstream; {@link UpstreamCredential#NONE} when nothing. */
    public UpstreamCredential credential() {
        return credential;
    }

    /** Its share under the weighted strategy (1 unless configured). */
    public int weight() {
        return weight;
    }

    /** This upstream's connection pool; {@code null} for an upstream built without one (selection tests). */
    public HttpClient client() {
        return client;
    }

    /**
     * Sends {@code request} (made by {@link #client()} for {@link #endpoint()}) through this upstream's pool,
     * as {@link Request#send(Response.CompleteListener)} does, but to a destination resolved once:
     * {@code HttpClient} looks the destination up for every request under two locks (its map's bin and the
     * destination's own), which every request thread of the proxy would take in turn. The client never
     * drops an idle destination (its {@code destinationIdleTimeout} is 0) and drops them all when it
     * stops, so the one kept stays valid while it runs.
     */
    public void send(Request request, Response.CompleteListener listener) {
        Destination known = destination;
        if (known == null || !((LifeCycle) known).isRunning()) {
            try {
                known = client.resolveDestination(request);
            } catch (RuntimeException e) {
                // The client's own path reports it to the listener.
                request.send(listener);
                return;
            }
            destination = known;
        }
        known.send(request, listener);
    }

    /**
     * The {@code Host} field for a request to {@code endpoint} (its host, and its port unless the scheme's
     * default; never user info), or {@code null} over HTTP/2, which carries the authority as a pseudo-header.
     * Given to the request, it spares the HTTP client rebuilding and parsing the request's URI twice to make
     * the same field.
     */
    public HttpField hostField(URI endpoint) {
        HostField known = host;
        if (known == null || known.endpoint != endpoint) {
            HttpField field = null;
            if (client == null || client.getTransport() instanceof HttpClientTransportOverHTTP) {
                int port = endpoint.getPort();
                boolean defaultPort = port < 0 || port == URIUtil.getDefaultPortForScheme(endpoint.getScheme());
                field = new HttpField(HttpHeader.HOST, defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port);
            }
            known = new HostField(endpoint, field);
            host = known;
        }
        return known.field;
    }

    private record HostField(URI endpoint, HttpField field) {
    }

    /** Its active check, or {@code null} when only real traffic judges its health. */
    public HealthProbe probe() {
        return probe;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public UpstreamHealth health() {
        return health;
    }

    public LatencyEwma latency() {
        return latency;
    }

    /** Whether its pool queue is standing (overload). */
    public PoolQueue poolQueue() {
        return poolQueue;
    }

    /** Requests routed here whose outcome is not known yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Whether it holds as many requests as its pool has connections and queue places: a new request
     * would only wait in the pool's queue for longer than any before it, or be refused by it.
     */
    public boolean atCapacity() {
        return inFlight.get() >= capacity;
    }

    /** Failures of {@code kind} so far. */
    public long errors(FailureKind kind) {
        return errors[kind.ordinal()].sum();
    }

    /** Whether new sessions may be sent here: healthy and the breaker lets requests through. */
    public boolean eligible() {
        return health.isHealthy() && breaker.allowsRequests();
    }

    /**
     * A lease for one request, or empty when it is {@linkplain #atCapacity() at capacity} (counted as
     * {@link FailureKind#POOL_FULL}) or its circuit breaker refuses it ({@link FailureKind#BREAKER_OPEN}).
     * Refusing here, on one counter, keeps an overloaded upstream's excess away from its pool: the pool
     * would refuse it only under the lock of its queue, which every request to that upstream takes, and
     * which a long queue holds while it scans itself for each aborted request.
     */
    public java.util.Optional<UpstreamLease> tryAcquire() {
        if (inFlight.incrementAndGet() > capacity) {
            inFlight.decrementAndGet();
            errors[FailureKind.POOL_FULL.ordinal()].increment();
            return java.util.Optional.empty();
        }
        int permit = breaker.tryAcquire();
        if (permit == CircuitBreaker.REFUSED) {
            inFlight.decrementAndGet();
            errors[FailureKind.BREAKER_OPEN.ordinal()].increment();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new UpstreamLease(this, permit));
    }

    void succeeded(int permit, long latencyNanos) {
        inFlight.decrementAndGet();
        if (latencyNanos > 0) {
            latency.observe(latencyNanos);
        }
        breaker.onSuccess(permit);
        health.onOutcome(false);
    }

    void failed(int permit, FailureKind kind, String reason) {
        inFlight.decrementAndGet();
        errors[kind.ordinal()].increment();
        if (kind.upstreamFault()) {
            breaker.onFailure(permit, kind.label() + ": " + reason);
            health.onOutcome(true);
        } else {
            breaker.onIgnored(permit);
        }
    }

    void ignored(int permit) {
        inFlight.decrementAndGet();
        breaker.onIgnored(permit);
    }

    private void breakerTransition(BreakerState from, BreakerState to, String reason) {
        if (to == BreakerState.OPEN) {
            LOG.warn("upstream '{}' circuit breaker {} -> {}: {}", name, from.label(), to.label(), reason);
        } else {
            LOG.info("upstream '{}' circuit breaker {} -> {}: {}", name, from.label(), to.label(), reason);
        }
        BreakerEvent.transition(name, from.label(), to.label(), reason);
    }

    private void healthTransition(boolean healthy, String source, String reason) {
        if (healthy) {
            LOG.info("upstream '{}' is healthy ({}): {}", name, source, reason);
        } else {
            LOG.warn("upstream '{}' is unhealthy ({}): {}", name, source, reason);
        }
        UpstreamHealthEvent.transition(name, healthy, source, reason);
    }

    @Override
    public String toString() {
        return name + "=" + endpoint;
    }

    /** Builds an upstream; every setting but the name has a default. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private URI endpoint;
        private UpstreamCredential credential;
        private int weight = 1;
        private HttpClient client;
        private HealthProbe probe;
        private CircuitBreaker.Settings breaker = CircuitBreaker.Settings.defaults();
        private UpstreamHealth.Settings health = UpstreamHealth.Settings.defaults();
        private Duration ewmaDecay = Duration.ofSeconds(10);
        private LongSupplier nanoClock = System::nanoTime;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder credential(UpstreamCredential credential) {
            this.credential = credential;
            return this;
        }

        public Builder weight(int weight) {
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be positive: " + weight);
            }
            this.weight = weight;
            return this;
        }

        public Builder client(HttpClient client) {
            this.client = client;
            return this;
        }

        public Builder probe(HealthProbe probe) {
            this.probe = probe;
            return this;
        }

        public Builder breaker(CircuitBreaker.Settings breaker) {
            this.breaker = Objects.requireNonNull(breaker, "breaker");
            return this;
        }

        public Builder health(UpstreamHealth.Settings health) {
            this.health = Objects.requireNonNull(health, "health");
            return this;
        }

        public Builder ewmaDecay(Duration ewmaDecay) {
            this.ewmaDecay = Objects.requireNonNull(ewmaDecay, "ewmaDecay");
            return this;
        }

        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        public Upstream build() {
            return new Upstream(this);
        }
    }
}
