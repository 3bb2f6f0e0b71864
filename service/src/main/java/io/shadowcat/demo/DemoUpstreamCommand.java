package io.shadowcat.demo;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.Duration;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Argument;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code demo-upstream [--host H] [--port N] [--latency D] [--payload-bytes N] [--sse]}: runs a
 * {@link DemoUpstreamServer} on its own, prints its URL, and serves until the JVM is stopped (a
 * shutdown hook stops the server cleanly). Needs no configuration file.
 *
 * <p>Stateless and thread-safe; Dropwizard creates one and runs it once.
 */
public final class DemoUpstreamCommand extends Command {
    static final String HOST = "host";
    static final String PORT = "port";
    static final String LATENCY = "latency";
    static final String PAYLOAD_BYTES = "payloadBytes";
    static final String SSE = "sse";

    public DemoUpstreamCommand() {
        super("demo-upstream", "Runs a standalone demo MCP server for demos and benchmarks");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--host").dest(HOST).setDefault("127.0.0.1")
                .help("address to listen on");
        subparser.addArgument("--port").dest(PORT).type(Integer.class)
                .choices(Arguments.range(0, 65_535)).setDefault(9001)
                .help("port to listen on, 0 for any free port");
        subparser.addArgument("--latency").dest(LATENCY).type(DemoUpstreamCommand::duration)
                .setDefault(Duration.milliseconds(0))
                .help("time added before every response, e.g. 5ms");
        subparser.addArgument("--payload-bytes").dest(PAYLOAD_BYTES).type(Integer.class)
                .choices(Arguments.range(0, Integer.MAX_VALUE)).setDefault(0)
                .help("filler characters appended to every echo result");
        subparser.addArgument("--sse").dest(SSE).action(Arguments.storeTrue())
                .help("answer every request as text/event-stream instead of application/json");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        DemoUpstreamServer server = server(namespace);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "demo-upstream-stop"));
        System.out.println("demo-upstream: MCP server listening on " + server.uri());
        server.join();
    }

    /** The server the parsed command line asks for, not yet started. */
    static DemoUpstreamServer server(Namespace namespace) {
        return new DemoUpstreamServer(namespace.getString(HOST), namespace.getInt(PORT),
                options(namespace));
    }

    static DemoUpstreamOptions options(Namespace namespace) {
        return DemoUpstreamOptions.builder()
                .latency(namespace.<Duration>get(LATENCY).toJavaDuration())
                .payloadBytes(namespace.getInt(PAYLOAD_BYTES))
                .sse(namespace.getBoolean(SSE))
                .build();
    }

    private static Duration duration(ArgumentParser parser, Argument argument, String value)
            throws ArgumentParserException {
        try {
            return Duration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ArgumentParserException(
                    "invalid duration '" + value + "' (try e.g. 5ms or 1s)", e, parser, argument);
        }
    }

    private static void stop(DemoUpstreamServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("demo-upstream: could not stop cleanly: " + e);
        }
    }
}
