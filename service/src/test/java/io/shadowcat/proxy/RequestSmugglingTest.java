package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests that hide a second request inside the first one's chunked body, written byte for byte on a raw
 * socket: the proxy must answer one 400 and read nothing after it, so no smuggled request reaches a handler
 * or an upstream.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestSmugglingTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/live-breakdown.yml"));
    private static final String HEAD = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void aChunkExtensionWithAnUnterminatedQuoteEndsTheConnection() throws Exception {
        // The quoted string of the extension runs into the line's end (CVE-2026-2332, "funky chunks").
        assertOneBadRequest(HEAD + "1;ext=\"val\r\nX\r\n0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void aChunkSizeLineEndedByABareLineFeedEndsTheConnection() throws Exception {
        assertOneBadRequest(HEAD + "1\nX\r\n0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void aChunkSizeTooLargeForItsDigitsEndsTheConnection() throws Exception {
        assertOneBadRequest(HEAD + "10000000000000000001\r\nX\r\n0\r\n\r\n" + SMUGGLED);
    }

    private static void assertOneBadRequest(String bytes) throws Exception {
        String answer = exchange(bytes);
        List<String> statusLines = Pattern.compile("HTTP/1\\.1 \\d{3}").matcher(answer).results()
                .map(MatchResult::group).toList();
        assertThat(statusLines).as(answer).containsExactly("HTTP/1.1 400");
    }

    /** Writes {@code bytes} and reads until the proxy closes the connection (or 5 s pass). */
    private static String exchange(String bytes) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Endpoint.port(APP))) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException stillOpen) {
                // The connection stayed open: whatever was answered so far is the answer.
            }
            return read.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
