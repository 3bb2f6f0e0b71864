package io.shadowcat.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Jetty's parse of an MCP request's header block as a proxy connection sees it, one request after another on the
 * same parser (its field cache lives as long as the connection), at the header cache sizes that matter: 0 (the
 * proxy's default, {@code proxy.cacheHeaderFields: false}), 512 (Dropwizard's default {@code headerCacheSize}, too
 * small for the token) and 1024 (holds the token). The request carries a 706-byte RS256 bearer token, a 150-character
 * session id and the headers an MCP client sends. The cache's heap is not measured here: it is 48 characters per
 * byte of the size, about 49 KB at 512 and 98 KB at 1024, per connection (docs/performance_guide.md, section 6).
 * {@code direct} reads from a direct buffer, as Jetty's connections do by default, or from a heap one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeaderParseBenchmark {
    @Param({"0", "512", "1024"})
    public int headerCacheSize;

    /** Where the connection reads into: a direct buffer (Jetty's default for input) or a heap one. */
    @Param({"true", "false"})
    public boolean direct;

    /**
     * How the cache treats letter case: {@code ignore}, Jetty's default (a hit stands for the bytes sent, whatever
     * their case); {@code exact}, Jetty's case-sensitive cache (upper-case letters walk the table's slower second
     * array, and a hit is compared with the bytes); {@code compare}, what the proxy does (a table built ignoring
     * case, every hit compared with the bytes sent: {@code HeaderFieldCaches}).
     */
    @Param({"ignore", "exact", "compare"})
    public String letterCase;

    private byte[] request;
    private ByteBuffer input;
    private HttpParser parser;
    private long seen;

    @Setup
    public void setUp() {
        // A token's letters are mixed case, as a base64url-coded JWT's are.
        byte[] signature = new byte[514];
        new Random(42).nextBytes(signature);
        String token = "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(signature).substring(0, 685);
        request = ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: mcp-client/1.0\r\n"
                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Authorization: Bearer " + token + "\r\nMcp-Session-Id: " + "s".repeat(150) + "\r\n"
                + "MCP-Protocol-Version: 2025-11-25\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);
        parser = new HttpParser(new HttpParser.RequestHandler() {
            @Override
            public void startRequest(String method, String uri, HttpVersion version) {
            }

            @Override
            public void parsedHeader(HttpField field) {
                seen += field.getValue().length();
            }

            @Override
            public boolean headerComplete() {
                return false;
            }

            @Override
            public boolean content(ByteBuffer content) {
                content.position(content.limit());
                return false;
            }

            @Override
            public boolean contentComplete() {
                return false;
            }

            @Override
            public boolean messageComplete() {
                return true;
            }

            @Override
            public void earlyEOF() {
            }
        }, 8192);
        parser.setHeaderCacheCaseSensitive("exact".equals(letterCase));
        parser.setHeaderCacheSize(headerCacheSize);
        input = direct ? ByteBuffer.allocateDirect(request.length) : ByteBuffer.allocate(request.length);
        parse();
        if ("compare".equals(letterCase)) {
            parser.getFieldCache();
            parser.setHeaderCacheCaseSensitive(true);
        }
        if (seen < token.length()) {
            throw new IllegalStateException("the request's header fields were not parsed");
        }
    }

    @Benchmark
    public long parse() {
        ByteBuffer buffer = input.clear().put(request).flip();
        while (buffer.hasRemaining() && !parser.parseNext(buffer)) {
            // one request: parseNext returns true at its end
        }
        parser.reset();
        return seen;
    }
}
