package io.shadowcat.proxy;

import io.shadowcat.protocol.McpHeaders;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.StringUtil;

/**
 * Which headers cross the proxy in each direction.
 *
 * <p>Hop-by-hop headers (RFC 9110 §7.6.1, plus whatever {@code Connection} names) never cross. Towards
 * the upstream, the client's credentials ({@code Authorization}, {@code Cookie},
 * {@code Proxy-Authorization}) and its {@code Mcp-Session-Id} (Shadowcat's, not the upstream's) are
 * dropped; {@code Forwarded} and {@code X-Forwarded-*} are added. Towards the client, the upstream's
 * session id is dropped. Stateless and thread-safe.
 */
final class HeaderHygiene {
    private static final Set<HttpHeader> HOP_BY_HOP = EnumSet.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_CONNECTION, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.TRANSFER_ENCODING,
            HttpHeader.UPGRADE, HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_AUTHORIZATION);
    private static final Set<HttpHeader> NOT_TO_UPSTREAM = EnumSet.of(HttpHeader.AUTHORIZATION, HttpHeader.COOKIE,
            HttpHeader.HOST, HttpHeader.CONTENT_LENGTH, HttpHeader.EXPECT, HttpHeader.X_FORWARDED_FOR,
            HttpHeader.X_FORWARDED_HOST, HttpHeader.X_FORWARDED_PROTO, HttpHeader.FORWARDED);
    private static final Set<HttpHeader> NOT_TO_CLIENT = EnumSet.of(HttpHeader.SERVER, HttpHeader.DATE);

    private HeaderHygiene() {
    }

    /** Copies the client's headers that may reach the upstream, and adds the forwarding headers. */
    static void towardsUpstream(HttpFields clientToProxy, HttpFields.Mutable proxyToServer, String clientAddress,
                                String scheme, String host) {
        Set<String> named = connectionTokens(clientToProxy);
        for (HttpField field : clientToProxy) {
            HttpHeader header = field.getHeader();
            if (header != null && (HOP_BY_HOP.contains(header) || NOT_TO_UPSTREAM.contains(header))) {
                continue;
            }
            if (field.is(McpHeaders.SESSION_ID) || (named != null && named.contains(StringUtil.asciiToLowerCase(field.getName())))) {
                continue;
            }
            proxyToServer.add(field);
        }
        String forwardedFor = clientAddress.indexOf(':') >= 0 ? "\"[" + clientAddress + "]\"" : clientAddress;
        StringBuilder forwarded = new StringBuilder(64);
        String prior = clientToProxy.get(HttpHeader.FORWARDED);
        if (prior != null) {
            forwarded.append(prior).append(", ");
        }
        forwarded.append("for=").append(forwardedFor).append(";proto=").append(scheme);
        if (host != null) {
            forwarded.append(";host=\"").append(host).append('"');
        }
        proxyToServer.put(HttpHeader.FORWARDED, forwarded.toString());
        String priorFor = clientToProxy.get(HttpHeader.X_FORWARDED_FOR);
        proxyToServer.put(HttpHeader.X_FORWARDED_FOR, priorFor == null ? clientAddress : priorFor + ", " + clientAddress);
        proxyToServer.put(HttpHeader.X_FORWARDED_PROTO, scheme);
        if (host != null) {
            proxyToServer.put(HttpHeader.X_FORWARDED_HOST, host);
        }
    }

    /** Copies the upstream's response headers that may reach the client. */
    static void towardsClient(HttpFields serverToProxy, HttpFields.Mutable proxyToClient) {
        Set<String> named = connectionTokens(serverToProxy);
        for (HttpField field : serverToProxy) {
            HttpHeader header = field.getHeader();
            if (header != null && (HOP_BY_HOP.contains(header) || NOT_TO_CLIENT.contains(header))) {
                continue;
            }
            if (field.is(McpHeaders.SESSION_ID) || (named != null && named.contains(StringUtil.asciiToLowerCase(field.getName())))) {
                continue;
            }
            proxyToClient.add(field);
        }
    }

    /** {@link #towardsClient(HttpFields, HttpFields.Mutable)} for a response read by Netty. */
    static void towardsClient(io.netty.handler.codec.http.HttpHeaders serverToProxy,
                              io.netty.handler.codec.http.HttpHeaders proxyToClient) {
        Set<String> named = connectionTokens(serverToProxy.get(HttpHeader.CONNECTION.asString()));
        for (java.util.Map.Entry<String, String> field : serverToProxy) {
            String name = field.getKey();
            HttpHeader header = HttpHeader.CACHE.get(name);
            if (header != null && (HOP_BY_HOP.contains(header) || NOT_TO_CLIENT.contains(header))) {
                continue;
            }
            if (McpHeaders.SESSION_ID.equalsIgnoreCase(name) || (named != null && named.contains(StringUtil.asciiToLowerCase(name)))) {
                continue;
            }
            proxyToClient.add(name, field.getValue());
        }
    }

    private static Set<String> connectionTokens(HttpFields fields) {
        return connectionTokens(fields.get(HttpHeader.CONNECTION));
    }

    private static Set<String> connectionTokens(String connection) {
        if (connection == null) {
            return null;
        }
        Set<String> tokens = new java.util.HashSet<>();
        for (String token : StringUtil.csvSplit(connection)) {
            tokens.add(StringUtil.asciiToLowerCase(token.trim()));
        }
        return tokens;
    }
}
