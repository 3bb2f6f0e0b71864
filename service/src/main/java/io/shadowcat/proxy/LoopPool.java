package io.shadowcat.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.shadowcat.upstream.Upstream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One event loop's keep-alive connections to one upstream: idle ones are reused most recent first, new ones are
 * opened up to this loop's share of the upstream's connections, and requests beyond wait in order for one to be
 * given back. Each loop has its own, so no lock is taken; a connection only ever serves requests of its loop.
 * Confined to its loop.
 */
final class LoopPool {
    private static final FastThreadLocal<Map<Upstream, LoopPool>> POOLS = new FastThreadLocal<>() {
        @Override
        protected Map<Upstream, LoopPool> initialValue() {
            return new IdentityHashMap<>();
        }
    };

    private final Upstream upstream;
    private final EventLoop loop;
    private final Class<? extends Channel> channelType;
    private final int maxConnections;
    private final long connectTimeoutMillis;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<LoopUpstreamCall> waiting = new ArrayDeque<>();
    private int open;
    private InetSocketAddress resolved;

    private LoopPool(Upstream upstream, EventLoop loop, Class<? extends Channel> channelType, int maxConnections,
                     long connectTimeoutMillis) {
        this.upstream = upstream;
        this.loop = loop;
        this.channelType = channelType;
        this.maxConnections = maxConnections;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** The pool of {@code upstream} on the calling event loop. */
    static LoopPool of(Upstream upstream, EventLoop loop, NettyDataPlane plane) {
        Map<Upstream, LoopPool> pools = POOLS.get();
        LoopPool pool = pools.get(upstream);
        if (pool == null) {
            int share = Math.max(1, upstream.client().getMaxConnectionsPerDestination() / plane.loops());
            pool = new LoopPool(upstream, loop, plane.socketChannel(), share, upstream.client().getConnectTimeout());
            pools.put(upstream, pool);
        }
        return pool;
    }

    /**
     * Hands {@code call} a connection now, once one is open, or once one is given back.
     *
     * @return whether it has one or is getting a new one; false: it waits for one to be given back
     */
    boolean acquire(LoopUpstreamCall call) {
        for (Channel channel; (channel = idle.pollFirst()) != null; ) {
            if (channel.isActive()) {
                call.connected(channel);
                return true;
            }
        }
        if (open < maxConnections) {
            connect(call);
            return true;
        }
        waiting.add(call);
        return false;
    }

    /** Forgets {@code call} if it is still waiting (it timed out, or its client went away). */
    void cancel(LoopUpstreamCall call) {
        waiting.remove(call);
    }

    /** Gives back a connection whose response has ended and which the upstream keeps open. */
    void release(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        LoopUpstreamCall next = waiting.poll();
        if (next != null) {
            next.connected(channel);
        } else {
            idle.addFirst(channel);
        }
    }

    private void connect(LoopUpstreamCall call) {
        open++;
        URI endpoint = upstream.endpoint();
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        ChannelFuture connecting = new Bootstrap().group(loop).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new Responses());
                    }
                })
                .connect(address(endpoint, port));
        connecting.channel().closeFuture().addListener(closed -> {
            open--;
            // Room for one more: the next waiting call gets a new connection rather than waiting for its timeout.
            LoopUpstreamCall next = waiting.poll();
            if (next != null) {
                connect(next);
            }
        });
        connecting.addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                call.connected(connected.channel());
            } else {
                call.connectFailed(connected.cause());
            }
        });
    }

    /**
     * The upstream's address: an IP literal as it is; a host name resolved once per loop, at its pool's first
     * connection, and kept while the proxy runs (the lookup blocks that loop once; a name in /etc/hosts does not wait
     * on a name server). Resolving for every connection would stall every connection of the loop meanwhile.
     */
    private InetSocketAddress address(URI endpoint, int port) {
        if (resolved == null || resolved.getPort() != port) {
            String host = endpoint.getHost();
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            resolved = NetUtil.isValidIpV4Address(literal) || NetUtil.isValidIpV6Address(literal)
                    ? new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(literal), port)
                    : new InetSocketAddress(host, port);
        }
        return resolved;
    }

    /** Sets which call the responses on {@code channel} go to. */
    static void assign(Channel channel, LoopUpstreamCall call) {
        channel.pipeline().get(Responses.class).call = call;
    }

    /** A connection's responses, to the call it serves now. */
    private static final class Responses extends ChannelInboundHandlerAdapter {
        LoopUpstreamCall call;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            LoopUpstreamCall current = call;
            if (current == null || !(msg instanceof HttpObject message)) {
                // Nothing asked (an unsolicited answer): the connection cannot be trusted for the next request.
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            current.received(message);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            LoopUpstreamCall current = call;
            if (current != null) {
                current.flushToClient();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            LoopUpstreamCall current = call;
            call = null;
            if (current != null) {
                current.connectionLost(null);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LoopUpstreamCall current = call;
            call = null;
            ctx.close();
            if (current != null) {
                current.connectionLost(cause);
            }
        }
    }
}
