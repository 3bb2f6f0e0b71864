package io.shadowcat.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every Shadowcat suite shares: the endpoints and token from system properties ({@code shadowcat.target} the
 * proxy's MCP URL, {@code shadowcat.direct} the upstream's, {@code shadowcat.token} the bearer token), the two paths
 * run one after the other in the same run (a short warm-up on every path first, then direct, then through the proxy), the
 * client-side {@link LatencyBook}, and the {@code shadowcat.result/v1} file written when the run ends
 * ({@code shadowcat.out}). A suite without {@code shadowcat.direct} runs the proxied path alone. A suite that
 * {@linkplain #nginxComparable() treats every path alike} also runs {@code shadowcat.nginx} (a plain nginx reverse
 * proxy of the same upstream), between the direct and the proxied path.
 *
 * <p>Gatling creates one instance per run; its fields are read by the virtual users on every event loop, so they
 * are immutable after construction, except the thread-safe book and floors.
 */
public abstract class McpSuite extends Simulation {
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    protected final LatencyBook book = new LatencyBook();
    protected final Floors floors = new Floors();
    protected final String suite;
    protected final String target = Props.required("target");
    protected final String direct = Props.string("direct", null);
    protected final String nginx = Props.string("nginx", null);
    protected final String token = Props.string("token", null);
    protected final int sseEvery = param("sseEvery", 10);
    protected final int warmupCalls = param("warmup", 200);
    protected final boolean assertions = Props.flag("assertions", true);

    protected McpSuite(String defaultSuite) {
        this.suite = Props.string("suite", defaultSuite);
    }

    /** The paths this run measures: direct first, then nginx (when given and comparable), the proxy last. */
    protected final List<String> paths() {
        List<String> paths = new ArrayList<>();
        if (direct != null) {
            paths.add(BookMetrics.DIRECT);
        }
        if (nginx != null && nginxComparable()) {
            paths.add(BookMetrics.NGINX);
        }
        paths.add(BookMetrics.PROXY);
        return List.copyOf(paths);
    }

    protected final String url(String path) {
        if (path.endsWith(BookMetrics.DIRECT)) {
            return direct;
        }
        return path.endsWith(BookMetrics.NGINX) ? nginx : target;
    }

    /**
     * Whether this suite runs every path with the same load and judges none of them specially, so that a third
     * path (nginx) means the same as the direct one; suites that treat the proxy's path apart (its heap, a killed
     * upstream, a longer phase) say no, and then ignore {@code shadowcat.nginx}.
     */
    protected boolean nginxComparable() {
        return false;
    }

    protected final McpFlow flow(String path) {
        return new McpFlow(path, url(path), book, sseEvery);
    }

    /**
     * The HTTP settings of a path: JSON bodies, MCP's Accept header, the bearer token, no caching and no warm-up
     * request to any outside host. {@code shared}: virtual users share one connection pool (a fleet of clients
     * reusing keep-alive connections) instead of each holding its own connection.
     */
    protected final HttpProtocolBuilder protocol(boolean shared) {
        HttpProtocolBuilder protocol = http.contentTypeHeader("application/json")
                .acceptHeader("application/json, text/event-stream")
                .disableWarmUp()
                .disableCaching();
        if (token != null) {
            protocol = protocol.header("Authorization", "Bearer " + token);
        }
        return shared ? protocol.shareConnections() : protocol;
    }

    /**
     * First a warm-up user on each path in turn ({@code warmup} calls each, not recorded), then, for each path in
     * turn, the measured population that {@code measured} builds for it; every step starts when the one before has
     * ended. Every warm-up comes before any measurement so that the path measured first (the direct one) does not
     * also pay for warming up the client's own JVM.
     */
    protected final List<PopulationBuilder> sequence(Function<String, PopulationBuilder> measured) {
        return sequenceGroups(path -> List.of(measured.apply(path)));
    }

    /**
     * As {@link #sequence}, where a path's measured step is several populations started together; the next step
     * starts when the first of them has ended.
     */
    protected final List<PopulationBuilder> sequenceGroups(Function<String, List<PopulationBuilder>> measured) {
        List<List<PopulationBuilder>> steps = new ArrayList<>();
        if (warmupCalls > 0) {
            for (String path : paths()) {
                McpFlow warm = new McpFlow("warmup " + path, url(path), book, sseEvery);
                steps.add(List.of(scenario("warmup " + path).exec(warm.open()).repeat(warmupCalls).on(warm.call())
                        .exec(warm.close()).injectOpen(atOnceUsers(1))));
            }
        }
        for (String path : paths()) {
            steps.add(measured.apply(path));
        }
        List<PopulationBuilder> next = steps.get(steps.size() - 1);
        for (int i = steps.size() - 2; i >= 0; i--) {
            List<PopulationBuilder> step = steps.get(i);
            List<PopulationBuilder> chained = new ArrayList<>();
            chained.add(step.get(0).andThen(next));
            chained.addAll(step.subList(1, step.size()));
            next = chained;
        }
        return next;
    }

    /** Sets up the run with one HTTP protocol for every population that names none of its own. */
    protected final SetUp run(List<PopulationBuilder> populations, boolean shared) {
        return setUp(populations).protocols(protocol(shared));
    }

    /** A whole-number parameter {@code shadowcat.<name>}, kept as a tag of the result. */
    protected final int param(String name, int fallback) {
        int value = Props.integer(name, fallback);
        parameters.put(name, value);
        return value;
    }

    protected final double param(String name, double fallback) {
        double value = Props.decimal(name, fallback);
        parameters.put(name, value);
        return value;
    }

    protected final Duration param(String name, Duration fallback) {
        Duration value = Props.duration(name, fallback);
        parameters.put(name, value.toMillis() + "ms");
        return value;
    }

    /**
     * Whether the proxied and direct paths ran the same load, so that whole-run ratios mean something; a suite
     * whose proxied path also runs phases the direct one does not says no and adds its own ratios.
     */
    protected boolean wholeRunComparable() {
        return true;
    }

    /** Suite-specific metrics and floors, added after the standard ones. */
    protected void addMetrics(ResultDocument doc) {
    }

    @Override
    public final void after() {
        ResultDocument doc = new ResultDocument(suite, Props.string("commit", ""), Props.string("branch", "local"),
                Props.string("configHash", ""));
        doc.tags(parameters);
        BookMetrics.addAll(doc, book, wholeRunComparable());
        book.started(BookMetrics.PROXY).ifPresent(start -> doc.tag("proxy.started", start));
        addMetrics(doc);
        doc.tag("floors", floors.verdict());
        Path out = Path.of(Props.string("out", "target/gatling-results/" + suite + ".json"));
        try {
            doc.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + out, e);
        }
        System.out.println("shadowcat: " + suite + " floors " + floors.verdict());
        System.out.println("shadowcat: result written to " + out.toAbsolutePath());
    }
}
