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
    /** The names of the headers that never reach the client, whatever {@code Connection} says. */
    private static final java.util.List<io.netty.util.AsciiString> NOT_TO_CLIENT_NAMES = neverCrossing(NOT_TO_CLIENT)
            .map(io.netty.util.AsciiString::cached).toList();

    /**
     * What never reaches the upstream from a request read by Netty, as names in Netty's headers, whose lookup ignores
     * case and hashes the name once: no walk of Jetty's header table per field. Filled once, then only read.
     */
    private static final io.netty.handler.codec.http.HttpHeaders NOT_TO_UPSTREAM_NAMES = neverCrossing(NOT_TO_UPSTREAM)
            .collect(io.netty.handler.codec.http.DefaultHttpHeaders::new, (names, name) -> names.add(name, ""),
                    io.netty.handler.codec.http.HttpHeaders::add);

    /** The names that never cross one way: the hop-by-hop headers, {@code excluded} and the session id. */
    private static java.util.stream.Stream<String> neverCrossing(Set<HttpHeader> excluded) {
        return java.util.stream.Stream.concat(
                java.util.stream.Stream.concat(HOP_BY_HOP.stream(), excluded.stream()).map(HttpHeader::asString),
                java.util.stream.Stream.of(McpHeaders.SESSION_ID));
    }

    /** The {@code Connection} values nearly every message carries, as the token sets they stand for. */
    private static final Set<String> KEEP_ALIVE = Set.of("keep-alive");
    private static final Set<String> CLOSE = Set.of("close");

    private HeaderHygiene() {
    }

    /** Copies the client's headers that may reach the upstream, and adds the forwarding headers. */
    static void towardsUpstream(HttpFields clientToProxy, HttpFields.Mutable proxyToServer, String clientAddress,
                                String scheme, String host) {
        Set<String> named = connectionTokens(clientToProxy);
        for (HttpField field : clientToProxy) {
            if (crosses(field.getHeader(), field.getName(), named, NOT_TO_UPSTREAM)) {
                proxyToServer.add(field);
            }
        }
        String priorForwarded = clientToProxy.get(HttpHeader.FORWARDED);
        String priorFor = clientToProxy.get(HttpHeader.X_FORWARDED_FOR);
        proxyToServer.put(HttpHeader.FORWARDED, forwarded(priorForwarded, clientAddress, scheme, host));
        proxyToServer.put(HttpHeader.X_FORWARDED_FOR, priorFor == null ? clientAddress : priorFor + ", " + clientAddress);
        proxyToServer.put(HttpHeader.X_FORWARDED_PROTO, scheme);
        if (host != null) {
            proxyToServer.put(HttpHeader.X_FORWARDED_HOST, host);
        }
    }

    /** {@link #towardsUpstream(HttpFields, HttpFields.Mutable, String, String, String)} for a request read by Netty. */
    static void towardsUpstream(io.netty.handler.codec.http.HttpHeaders clientToProxy,
                                io.netty.handler.codec.http.HttpHeaders proxyToServer, String clientAddress,
                                String scheme, String host) {
        Set<String> named = connectionTokens(clientToProxy.get(HttpHeader.CONNECTION.asString()));
        for (java.util.Iterator<java.util.Map.Entry<CharSequence, CharSequence>> fields = clientToProxy.iteratorCharSequence();
             fields.hasNext(); ) {
            java.util.Map.Entry<CharSequence, CharSequence> field = fields.next();
            CharSequence name = field.getKey();
            if (!NOT_TO_UPSTREAM_NAMES.contains(name) && !namedIn(named, name)) {
                proxyToServer.add(name, field.getValue());
            }
        }
        String priorForwarded = clientToProxy.get(HttpHeader.FORWARDED.asString());
        String priorFor = clientToProxy.get(HttpHeader.X_FORWARDED_FOR.asString());
        proxyToServer.set(HttpHeader.FORWARDED.asString(), forwarded(priorForwarded, clientAddress, scheme, host));
        proxyToServer.set(HttpHeader.X_FORWARDED_FOR.asString(), priorFor == null ? clientAddress : priorFor + ", " + clientAddress);
        proxyToServer.set(HttpHeader.X_FORWARDED_PROTO.asString(), scheme);
        if (host != null) {
            proxyToServer.set(HttpHeader.X_FORWARDED_HOST.asString(), host);
        }
    }

    /** Whether a header crosses: not hop-by-hop, not named by {@code Connection}, not in {@code excluded}, not a session id. */
    private static boolean crosses(HttpHeader header, String name, Set<String> named, Set<HttpHeader> excluded) {
        if (header != null && (HOP_BY_HOP.contains(header) || excluded.contains(header))) {
            return false;
        }
        return !McpHeaders.SESSION_ID.equalsIgnoreCase(name) && !namedIn(named, name);
    }

    /** Whether {@code named} (lower-case tokens of {@code Connection}) holds {@code name}, in any case. */
    private static boolean namedIn(Set<String> named, CharSequence name) {
        if (named == null) {
            // Nearly every message: the name is not even made a string.
            return false;
        }
        String text = name.toString();
        if (named.size() > 4) {
            return named.contains(StringUtil.asciiToLowerCase(text));
        }
        // A few tokens (nearly always one): compared in place rather than lower-casing every header's name.
        for (String token : named) {
            if (token.equalsIgnoreCase(text)) {
                return true;
            }
        }
        return false;
    }

    private static String forwarded(String prior, String clientAddress, String scheme, String host) {
        String forwardedFor = clientAddress.indexOf(':') >= 0 ? "\"[" + clientAddress + "]\"" : clientAddress;
        StringBuilder forwarded = new StringBuilder(64);
        if (prior != null) {
            forwarded.append(prior).append(", ");
        }
        forwarded.append("for=").append(forwardedFor).append(";proto=").append(scheme);
        if (host != null) {
            forwarded.append(";host=\"").append(host).append('"');
        }
        return forwarded.toString();
    }

    /** Copies the upstream's response headers that may reach the client. */
    static void towardsClient(HttpFields serverToProxy, HttpFields.Mutable proxyToClient) {
        Set<String> named = connectionTokens(serverToProxy);
        for (HttpField field : serverToProxy) {
            if (crosses(field.getHeader(), field.getName(), named, NOT_TO_CLIENT)) {
                proxyToClient.add(field);
            }
        }
    }

    /**
     * {@link #towardsClient(HttpFields, HttpFields.Mutable)} in place, for a response read by Netty: the headers
     * that may not reach the client are removed.
     */
    static void towardsClient(io.netty.handler.codec.http.HttpHeaders serverToProxy) {
        Set<String> named = connectionTokens(serverToProxy.get(HttpHeader.CONNECTION.asString()));
        if (named != null) {
            for (String token : named) {
                serverToProxy.remove(token);
            }
        }
        for (io.netty.util.AsciiString name : NOT_TO_CLIENT_NAMES) {
            serverToProxy.remove(name);
        }
    }

    private static Set<String> connectionTokens(HttpFields fields) {
        return connectionTokens(fields.get(HttpHeader.CONNECTION));
    }

    private static Set<String> connectionTokens(String connection) {
        if (connection == null) {
            return null;
        }
        // The values nearly every message carries: no list to split and no set to build for them.
        if (connection.equalsIgnoreCase("keep-alive")) {
            return KEEP_ALIVE;
        }
        if (connection.equalsIgnoreCase("close")) {
            return CLOSE;
        }
        Set<String> tokens = new java.util.HashSet<>();
        for (String token : StringUtil.csvSplit(connection)) {
            tokens.add(StringUtil.asciiToLowerCase(token.trim()));
        }
        return tokens;
    }
}
