import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The least a Java proxy can do per request: one thread, one selector, every socket's read interest registered once
 * and kept, one read per readiness event, and each HTTP/1.1 message (a head and a {@code Content-Length} body; no
 * chunked bodies) passed on whole in one write once it has arrived, each client connection paired with an upstream
 * connection of its own. nginx's worker makes the same system calls per request; this measures what Java's NIO
 * costs around them, with no HTTP stack and none of Shadowcat's work. Not a proxy to use: it checks nothing, and a
 * socket that cannot take a whole message at once ends the pair. Listens on 127.0.0.1 only.
 *
 * <p>{@code -Drelay.parse=jetty} (with Jetty on the class path) also reads every message with Jetty's strict
 * {@code HttpParser}, requests and responses alike, as a proxy of this shape that checks what it passes on would:
 * what that parse adds per request.
 *
 * <pre>java -cp service/target/shadowcat.jar bench/NioRelay.java PORT UPSTREAM_PORT
 * java -Drelay.parse=jetty -cp service/target/shadowcat.jar bench/NioRelay.java PORT UPSTREAM_PORT</pre>
 */
public final class NioRelay {
    private static final int BUFFER = 64 * 1024;
    private static final boolean PARSE = "jetty".equals(System.getProperty("relay.parse"));

    /** One side of a pair: what has arrived from its socket and not yet been passed on. */
    private static final class Side {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
        final StrictParse parse;
        Side peer;

        Side(SocketChannel channel, boolean requests) {
            this.channel = channel;
            this.parse = PARSE ? new StrictParse(requests) : null;
        }
    }

    /** Jetty's parser over each whole message; a message it refuses ends the pair. */
    private static final class StrictParse implements org.eclipse.jetty.http.HttpParser.RequestHandler,
            org.eclipse.jetty.http.HttpParser.ResponseHandler {
        static {
            // The jar's logging defaults to DEBUG, which the parser would check and write for every byte it reads.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }

        final org.eclipse.jetty.http.HttpParser parser;
        boolean complete;

        StrictParse(boolean requests) {
            parser = requests ? new org.eclipse.jetty.http.HttpParser(
                    (org.eclipse.jetty.http.HttpParser.RequestHandler) this)
                    : new org.eclipse.jetty.http.HttpParser((org.eclipse.jetty.http.HttpParser.ResponseHandler) this);
        }

        boolean accepts(ByteBuffer message) {
            complete = false;
            ByteBuffer bytes = message.duplicate();
            try {
                while (!complete && bytes.hasRemaining()) {
                    parser.parseNext(bytes);
                }
            } catch (RuntimeException refused) {
                return false;
            } finally {
                parser.reset();
            }
            return complete;
        }

        @Override
        public void startRequest(String method, String uri, org.eclipse.jetty.http.HttpVersion version) {
        }

        @Override
        public void startResponse(org.eclipse.jetty.http.HttpVersion version, int status, String reason) {
        }

        @Override
        public void parsedHeader(org.eclipse.jetty.http.HttpField field) {
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer content) {
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            complete = true;
            return true;
        }

        @Override
        public void earlyEOF() {
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        InetSocketAddress upstream = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid()) {
                    continue; // its pair was closed while handling the other side's event of this round
                }
                if (key.isAcceptable()) {
                    try {
                        accept(server, upstream, selector);
                    } catch (IOException e) {
                        System.err.println("could not pair a client with the upstream: " + e);
                    }
                } else if (key.isReadable()) {
                    relay((Side) key.attachment(), key);
                }
            }
        }
    }

    private static void accept(ServerSocketChannel server, InetSocketAddress upstream, Selector selector)
            throws IOException {
        SocketChannel client = server.accept();
        if (client == null) {
            return;
        }
        SocketChannel toUpstream;
        try {
            toUpstream = SocketChannel.open(upstream);
        } catch (IOException e) {
            client.close();
            throw e;
        }
        for (SocketChannel channel : new SocketChannel[] {client, toUpstream}) {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
        }
        Side clientSide = new Side(client, true);
        Side upstreamSide = new Side(toUpstream, false);
        clientSide.peer = upstreamSide;
        upstreamSide.peer = clientSide;
        client.register(selector, SelectionKey.OP_READ, clientSide);
        toUpstream.register(selector, SelectionKey.OP_READ, upstreamSide);
    }

    private static void relay(Side side, SelectionKey key) throws IOException {
        int read;
        try {
            read = side.channel.read(side.in);
        } catch (IOException e) {
            read = -1;
        }
        if (read < 0) {
            close(side, key);
            return;
        }
        int length;
        while ((length = messageLength(side.in)) > 0) {
            ByteBuffer message = side.in.flip().slice(0, length);
            if (side.parse != null && !side.parse.accepts(message)) {
                close(side, key);
                return;
            }
            try {
                side.peer.channel.write(message);
            } catch (IOException e) {
                close(side, key);
                return;
            }
            if (message.hasRemaining()) {
                close(side, key);
                return;
            }
            side.in.position(length).compact();
        }
    }

    /** The length of the first whole message in {@code in} (written up to its position), or 0. */
    private static int messageLength(ByteBuffer in) {
        int end = in.position();
        for (int i = 3; i < end; i++) {
            if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                int total = i + 1 + contentLength(in, i);
                return total <= end ? total : 0;
            }
        }
        return 0;
    }

    private static int contentLength(ByteBuffer in, int headEnd) {
        byte[] head = new byte[headEnd];
        in.get(0, head);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int at = indexOfIgnoreCase(text, "\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int from = at + 17;
        int to = text.indexOf('\r', from);
        return Integer.parseInt(text.substring(from, to).trim());
    }

    private static int indexOfIgnoreCase(String text, String lower) {
        for (int i = 0; i + lower.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, lower, 0, lower.length())) {
                return i;
            }
        }
        return -1;
    }

    private static void close(Side side, SelectionKey key) throws IOException {
        key.cancel();
        side.channel.close();
        side.peer.channel.close();
    }
}
