package io.shadowcat.proxy;

import org.eclipse.jetty.http.HttpFields;

/** A change to the proxy-to-server request headers, such as setting or removing one. Immutable and thread-safe. */
@FunctionalInterface
public interface UpstreamHeaderEdit {
    void apply(HttpFields.Mutable proxyToServerHeaders);
}
