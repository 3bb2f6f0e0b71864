package io.shadowcat.interop;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The MCP client scenario straight against the reference server, with no proxy in between. */
class ReferenceServerInteropTest extends McpClientScenario {

    private static ReferenceServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = ReferenceServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected URI endpoint() {
        return server.uri();
    }

    /**
     * The reference server forgets a deleted session and then answers 400 ("No valid session ID
     * provided") for it, where the specification says 404.
     */
    @Override
    protected int terminatedSessionStatus() {
        return 400;
    }
}
