package io.shadowcat;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.github.bucket4j.TimeMeter;
import io.shadowcat.auth.TokenCommand;
import io.shadowcat.demo.DemoUpstreamCommand;
import io.shadowcat.jfr.DumpRecordingTask;
import io.shadowcat.jfr.ManagedRecording;
import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.metrics.PrometheusEndpoint;
import io.shadowcat.metrics.ProxyMetrics;
import io.shadowcat.profile.ProfileCommand;
import io.shadowcat.policy.PolicyCheck;
import io.shadowcat.proxy.ExchangeAuth;
import io.shadowcat.proxy.ExchangeCheck;
import io.shadowcat.proxy.McpProxyHandler;
import io.shadowcat.regress.RegressCommand;
import io.shadowcat.session.Sessions;
import io.shadowcat.upstream.EmbeddedUpstream;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamFactory;
import io.shadowcat.upstream.Upstreams;
import io.shadowcat.upstream.UpstreamsHealthCheck;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/** The Shadowcat executable: the proxy server and every command. */
public final class ShadowcatApplication extends Application<ShadowcatConfiguration> {
    /** The Dropwizard connector whose requests reach the MCP endpoint. */
    static final String APPLICATION_CONNECTOR = "application";

    public static void main(String[] args) throws Exception {
        new ShadowcatApplication().run(args);
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
        List<Upstream> built = upstreamFactories.stream().map(UpstreamFactory::build).toList();
        Upstreams upstreams = new Upstreams(built);
        for (int i = 0; i < built.size(); i++) {
            if (upstreamFactories.get(i).isEmbedded()) {
                environment.lifecycle().manage(new EmbeddedUpstream(built.get(i)));
            }
        }

        environment.healthChecks().register("upstreams", new UpstreamsHealthCheck(upstreams));

        HttpClient client = configuration.getProxy().buildClient();
        environment.lifecycle().manage(client);

        Sessions sessions = configuration.getSessions().build(clock);
        ProxyMetrics metrics = new ProxyMetrics(environment.metrics());
        ExchangeAuth auth = configuration.getAuth().build(environment, configuration.getProxy().getPath(), clock);
        LabelledCounters policyDecisions = new LabelledCounters("shadowcat_policy_decisions",
                "Policy decisions by the rule that made them (default: no rule decided) and their outcome", "rule", "outcome");
        PolicyCheck policy = configuration.getPolicy().build(environment.lifecycle(), policyDecisions, clock);
        LabelledCounters rateLimitRejections = new LabelledCounters("shadowcat_ratelimit_rejected",
                "Requests refused with 429 by the rate-limit tier that refused them", "tier");
        ExchangeCheck rateLimit = configuration.getRateLimits().build(rateLimitRejections, TimeMeter.SYSTEM_NANOTIME);
        McpProxyHandler mcp = configuration.getProxy().buildHandler(APPLICATION_CONNECTOR, client, sessions, upstreams,
                metrics, auth, rateLimit, policy);
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    // In front of Dropwizard's handlers: MCP traffic skips the servlet and Jersey layers.
                    server.insertHandler(mcp);
                    // Both legs of an exchange on the server's threads: no hand-off between pools.
                    client.setExecutor(server.getThreadPool());
                    client.setScheduler(server.getScheduler());
                    // The server owns them: the client must not stop them before the server is done.
                    unmanage(client, server.getThreadPool());
                    unmanage(client, server.getScheduler());
                }
            }
        });

        if (configuration.getJfr().isEnabled()) {
            ManagedRecording recording = configuration.getJfr().build();
            environment.lifecycle().manage(recording);
            environment.admin().addTask(new DumpRecordingTask(recording, clock));
        }
        environment.admin().addServlet("prometheus", PrometheusEndpoint.servlet(environment.metrics(), metrics,
                        policyDecisions, rateLimitRejections))
                .addMapping("/prometheus");
    }
}
