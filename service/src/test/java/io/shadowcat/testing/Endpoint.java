package io.shadowcat.testing;

import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.shadowcat.ShadowcatApplication;

/**
 * The port clients of a Shadowcat under test connect to: the Netty data plane's when {@code proxy.dataPlane} is
 * {@code netty} (for instance with {@code -Ddw.proxy.dataPlane=netty}, as the build's second test run sets), else
 * the application connector's.
 */
public final class Endpoint {
    private Endpoint() {
    }

    public static int port(DropwizardAppExtension<?> app) {
        return port(app.getApplication(), app.getLocalPort());
    }

    public static int port(DropwizardTestSupport<?> app) {
        return port(app.getApplication(), app.getLocalPort());
    }

    private static int port(Object application, int connectorPort) {
        if (!(application instanceof ShadowcatApplication shadowcat)) {
            return connectorPort;
        }
        if ("netty".equals(System.getProperty("dw.proxy.dataPlane")) && shadowcat.dataPlane().isEmpty()) {
            throw new AssertionError("the run asks for the Netty data plane, and this Shadowcat has none");
        }
        return shadowcat.dataPlane().map(plane -> plane.port()).orElse(connectorPort);
    }
}
