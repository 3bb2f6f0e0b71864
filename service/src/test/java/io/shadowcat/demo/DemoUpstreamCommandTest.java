package io.shadowcat.demo;

import static io.shadowcat.demo.McpTestClient.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code demo-upstream} command line. */
@Timeout(30)
class DemoUpstreamCommandTest {
    private final DemoUpstreamCommand command = new DemoUpstreamCommand();

    private Namespace parse(String... args) throws ArgumentParserException {
        ArgumentParser parser = ArgumentParsers.newFor("shadowcat").build();
        command.configure(parser.addSubparsers().addParser(command.getName()));
        String[] line = new String[args.length + 1];
        line[0] = command.getName();
        System.arraycopy(args, 0, line, 1, args.length);
        return parser.parseArgs(line);
    }

    @Test
    void isNamedDemoUpstream() {
        assertThat(command.getName()).isEqualTo("demo-upstream");
    }

    @Test
    void defaultsToLoopbackPort9001AndPlainOptions() throws Exception {
        Namespace namespace = parse();

        assertThat(namespace.getString(DemoUpstreamCommand.HOST)).isEqualTo("127.0.0.1");
        assertThat(namespace.getInt(DemoUpstreamCommand.PORT)).isEqualTo(9001);
        assertThat(DemoUpstreamCommand.options(namespace))
                .isEqualTo(DemoUpstreamOptions.defaults());
    }

    @Test
    void parsesEveryOption() throws Exception {
        Namespace namespace = parse("--host", "127.0.0.1", "--port", "0", "--latency", "5ms",
                "--payload-bytes", "128", "--sse");

        assertThat(DemoUpstreamCommand.options(namespace)).isEqualTo(DemoUpstreamOptions.builder()
                .latency(Duration.ofMillis(5)).payloadBytes(128).sse(true).build());
    }

    @Test
    void refusesABadLatency() {
        assertThatThrownBy(() -> parse("--latency", "soon"))
                .isInstanceOf(ArgumentParserException.class)
                .hasMessageContaining("invalid duration 'soon'");
    }

    @Test
    void refusesNegativeSizesAndPortsOutOfRange() {
        assertThatThrownBy(() -> parse("--payload-bytes", "-1"))
                .isInstanceOf(ArgumentParserException.class);
        assertThatThrownBy(() -> parse("--port", "70000"))
                .isInstanceOf(ArgumentParserException.class);
    }

    @Test
    void theParsedCommandLineMakesAWorkingServer() throws Exception {
        DemoUpstreamServer server = DemoUpstreamCommand.server(parse("--port", "0", "--sse"));
        server.start();
        try (McpTestClient client = new McpTestClient(server.uri())) {
            ContentResponse response = client.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", VERSION, "2026-07-28");

            assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getMediaType()).isEqualTo("text/event-stream");
        } finally {
            server.stop();
        }
    }
}
