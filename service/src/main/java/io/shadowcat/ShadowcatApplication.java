package io.shadowcat;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.github.bucket4j.TimeMeter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.shadowcat.auth.TokenCommand;
import io.shadowcat.breakdown.BreakdownFactory;
import io.shadowcat.breakdown.BreakdownServlet;
import io.shadowcat.breakdown.ManagedExchangeFeed;
import io.shadowcat.demo.DemoUpstreamCommand;
import io.shadowcat.jfr.DumpRecordingTask;
import io.shadowcat.jfr.ManagedRecording;
import io.shadowcat.jfr.ProfileRecordingTask;
import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.metrics.PrometheusEndpoint;
import io.shadowcat.metrics.ProxyMetrics;
import io.shadowcat.metrics.SessionMemoryCollector;
import io.shadowcat.metrics.StageHistograms;
import io.shadowcat.policy.PolicyCheck;
import io.shadowcat.profile.ProfileCommand;
import io.shadowcat.profiler.live.ExchangeFeed;
import io.shadowcat.profiler.live.LiveBreakdown;
import io.shadowcat.proxy.ExchangeAuth;
import io.shadowcat.proxy.ExchangeCheck;
import io.shadowcat.proxy.McpProxyHandler;
import io.shadowcat.proxy.NettyDataPlane;
import io.shadowcat.proxy.TransportErrors;
import io.shadowcat.regress.RegressCommand;
import io.shadowcat.session.Sessions;
import io.shadowcat.upstream.ActiveHealthChecks;
import io.shadowcat.upstream.BalancingFactory;
import io.shadowcat.upstream.EmbeddedUpstream;
import io.shadowcat.upstream.PoolDefaults;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamFactory;
import io.shadowcat.upstream.Upstreams;
import io.shadowcat.upstream.UpstreamsHealthCheck;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Shadowcat executable: the proxy server and every command. */
public final class ShadowcatApplication extends Application<ShadowcatConfiguration> {
    /** The Dropwizard connector whose requests reach the MCP endpoint. */
    static final String APPLICATION_CONNECTOR = "application";
    /** The gauge (admin {@code /metrics}) of the bytes the live breakdown's histograms hold. */
    public static final String BREAKDOWN_BYTES = "shadowcat.breakdown.bytes";
    private static final Logger LOG = LoggerFactory.getLogger(ShadowcatApplication.class);

    /** The Netty data plane serving the application port, when configured (set by {@link #run}). */
    private volatile NettyDataPlane dataPlane;

    public static void main(String[] args) throws Exception {
        new ShadowcatApplication().run(args);
    }

    /** The Netty data plane serving the application port, when {@code proxy.dataPlane} is {@code netty}. */
    public Optional<NettyDataPlane> dataPlane() {
        return Optional.ofNullable(dataPlane);
    }

    @Override
    public String getName() {
        return "shadowcat";
    }

    @Override
    public void initialize(Bootstrap<ShadowcatConfiguration> bootstrap) {
        bootstrap.addCommand(new DemoUpstreamCommand());
        bootstrap.addCommand(new TokenCommand());
        bootstrap.addCommand(new RegressCommand());
        bootstrap.addCommand(new ProfileCommand());
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    private static void unmanage(HttpClient client, Object shared) {
        if (client.isManaged(shared)) {
            client.unmanage(shared);
        }
    }

    @Override
    public void run(ShadowcatConfiguration configuration, Environment environment) throws Exception {
        Clock clock = Clock.systemUTC();
        List<UpstreamFactory> upstreamFactories = configuration.getUpstreams();
        PoolDefaults poolDefaults = configuration.getProxy().poolDefaults();
        BalancingFactory balancing = configuration.getBalancing();
        List<Upstream> built = upstreamFactories.stream()
                .map(factory -> factory.build(poolDefaults, balancing, System::nanoTime)).toList();
        Upstreams upstreams = new Upstreams(built, balancing.buildSelector(), balancing.buildRetryBudget(System::nanoTime));
        for (int i = 0; i < built.size(); i++) {
            if (upstreamFactories.get(i).isEmbedded()) {
                environment.lifecycle().manage(new EmbeddedUpstream(built.get(i)));
            }
        }
        for (Upstream upstream : built) {
            environment.lifecycle().manage(upstream.client());
        }
        environment.lifecycle().manage(new ActiveHealthChecks(built));
        environment.healthChecks().register("upstreams", new UpstreamsHealthCheck(upstreams));

        Sessions sessions = configuration.getSessions().build(clock);
        // The live breakdown and the per-stage Prometheus histograms, fed every finished exchange.
        BreakdownFactory breakdownSettings = configuration.getBreakdown();
        ExchangeFeed feed = null;
        StageHistograms stageHistograms = null;
        if (breakdownSettings.isEnabled()) {
            LiveBreakdown breakdown = breakdownSettings.build(clock);
            // What the live view's histograms hold: bounded by its settings, but moving by megabytes as slices turn
            // over, so heap readings meant to show the cost of sessions or connections subtract it.
            environment.metrics().registerGauge(BREAKDOWN_BYTES, breakdown::footprintBytes);
            stageHistograms = new StageHistograms();
            feed = new ExchangeFeed(List.of(breakdown, stageHistograms), breakdownSettings.getQueueSize());
            environment.lifecycle().manage(new ManagedExchangeFeed(feed));
            environment.admin().addServlet("breakdown", new BreakdownServlet(breakdown))
                    .addMapping("/breakdown", BreakdownServlet.PAGE);
        }
        ProxyMetrics metrics = new ProxyMetrics(environment.metrics(), feed);
        ExchangeAuth auth = configuration.getAuth().build(environment, configuration.getProxy().getPath(), clock);
        LabelledCounters policyDecisions = new LabelledCounters("shadowcat_policy_decisions",
                "Policy decisions by the rule that made them (default: no rule decided) and their outcome", "rule", "outcome");
        PolicyCheck policy = configuration.getPolicy().build(environment.lifecycle(), policyDecisions, clock);
        if ("deny".equals(configuration.getPolicy().getDefaultAction()) && auth == ExchangeAuth.ANONYMOUS) {
            LOG.warn("policy.defaultAction is deny but auth is off: rules on subject, scope and claims never match");
        }
        LabelledCounters rateLimitRejections = new LabelledCounters("shadowcat_ratelimit_rejected",
                "Requests refused with 429 by the rate-limit tier that refused them", "tier");
        ExchangeCheck rateLimit = configuration.getRateLimits().build(rateLimitRejections, TimeMeter.SYSTEM_NANOTIME);
        McpProxyHandler mcp = configuration.getProxy().buildHandler(APPLICATION_CONNECTOR, sessions, upstreams,
                metrics, auth, rateLimit, policy);
        dataPlane = configuration.getProxy().buildDataPlane(configuration.getServerFactory(), APPLICATION_CONNECTOR, mcp)
                .orElse(null);
        if (dataPlane != null) {
            environment.lifecycle().manage(dataPlane);
            NettyDataPlane plane = dataPlane;
            environment.metrics().registerGauge("shadowcat.dataplane.requests.loop", plane::requestsOnLoop);
            environment.metrics().registerGauge("shadowcat.dataplane.requests.jetty", plane::requestsToJetty);
            environment.metrics().registerGauge("shadowcat.dataplane.jetty.connections", plane::jettyConnections);
        }
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    // In front of Dropwizard's handlers: MCP traffic skips the servlet and Jersey layers.
                    server.insertHandler(mcp);
                    TransportErrors.install(server, mcp);
                    configuration.getProxy().configureConnectors(server, APPLICATION_CONNECTOR);
                    for (Upstream upstream : built) {
                        HttpClient client = upstream.client();
                        // Both legs of an exchange on the server's threads: no hand-off between pools.
                        client.setExecutor(server.getThreadPool());
                        client.setScheduler(server.getScheduler());
                        // The server owns them: the client must not stop them before the server is done.
                        unmanage(client, server.getThreadPool());
                        unmanage(client, server.getScheduler());
                    }
                }
            }

            @Override
            public void lifeCycleStarted(LifeCycle event) {
                if (event instanceof Server server && dataPlane != null) {
                    dataPlane.jettyStarted(server);
                }
            }
        });

        if (configuration.getJfr().isEnabled()) {
            ManagedRecording recording = configuration.getJfr().build();
            environment.lifecycle().manage(recording);
            environment.admin().addTask(new DumpRecordingTask(recording, clock));
        }
        environment.admin().addTask(new ProfileRecordingTask(configuration.getJfr().getDumpDirectory(), clock));

        List<MultiCollector> collectors = new ArrayList<>();
        collectors.add(new SessionMemoryCollector(sessions));
        collectors.add(policyDecisions);
        collectors.add(rateLimitRejections);
        if (stageHistograms != null) {
            collectors.add(stageHistograms);
        }
        environment.admin().addServlet("prometheus", PrometheusEndpoint.servlet(environment.metrics(), metrics, upstreams,
                        collectors))
                .addMapping("/prometheus");
    }
}
