package io.shadowcat;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.shadowcat.auth.TokenCommand;
import io.shadowcat.breakdown.BreakdownFactory;
import io.shadowcat.breakdown.BreakdownServlet;
import io.shadowcat.breakdown.ManagedExchangeStream;
import io.shadowcat.demo.DemoUpstreamCommand;
import io.shadowcat.jfr.DumpRecordingTask;
import io.shadowcat.jfr.ManagedRecording;
import io.shadowcat.jfr.ProfileRecordingTask;
import io.shadowcat.metrics.SessionMemoryCollector;
import io.shadowcat.metrics.StageHistograms;
import io.shadowcat.metrics.PrometheusEndpoint;
import io.shadowcat.metrics.ProxyMetrics;
import io.shadowcat.profile.ProfileCommand;
import io.shadowcat.profiler.live.LiveBreakdown;
import io.shadowcat.proxy.ExchangeAuth;
import io.shadowcat.proxy.McpProxyHandler;
import io.shadowcat.regress.RegressCommand;
import io.shadowcat.session.Sessions;
import io.shadowcat.upstream.EmbeddedUpstream;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamFactory;
import io.shadowcat.upstream.Upstreams;
import io.shadowcat.upstream.UpstreamsHealthCheck;
import java.time.Clock;
import java.util.ArrayList;
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
        McpProxyHandler mcp = configuration.getProxy().buildHandler(APPLICATION_CONNECTOR, client, sessions, upstreams,
                metrics, auth);
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
        environment.admin().addTask(new ProfileRecordingTask(configuration.getJfr().getDumpDirectory(), clock));

        List<MultiCollector> collectors = new ArrayList<>();
        collectors.add(new SessionMemoryCollector(sessions));
        BreakdownFactory breakdownSettings = configuration.getBreakdown();
        if (breakdownSettings.isEnabled()) {
            LiveBreakdown breakdown = breakdownSettings.build(clock);
            StageHistograms stageHistograms = new StageHistograms();
            collectors.add(stageHistograms);
            environment.lifecycle().manage(new ManagedExchangeStream(List.of(breakdown, stageHistograms),
                    breakdownSettings.getRetention().toJavaDuration()));
            environment.admin().addServlet("breakdown", new BreakdownServlet(breakdown))
                    .addMapping("/breakdown", BreakdownServlet.PAGE);
        }
        environment.admin().addServlet("prometheus", PrometheusEndpoint.servlet(environment.metrics(), metrics, collectors))
                .addMapping("/prometheus");
    }
}
