package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client-credentials token against a real local token endpoint, with a hand-moved clock. */
@org.junit.jupiter.api.Timeout(10)
class ClientCredentialsTokenTest {
    private final TokenEndpoint endpoint = start();
    private final AtomicLong nanos = new AtomicLong();
    private final ClientCredentialsToken token = new ClientCredentialsToken(endpoint.uri(), "shadowcat", "s3cret&more",
            "tools:call", "http://127.0.0.1:9001/mcp", Duration.ofSeconds(2), Duration.ofSeconds(60), nanos::get);

    private static TokenEndpoint start() {
        try {
            return new TokenEndpoint();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private String value() throws Exception {
        HttpField field = token.header().get(5, TimeUnit.SECONDS);
        return field.getName() + ": " + field.getValue();
    }

    @Test
    void fetchesOnFirstUseWithBasicClientAuthenticationAndCaches() throws Exception {
        assertThat(value()).isEqualTo("Authorization: Bearer token-1");
        assertThat(value()).isEqualTo("Authorization: Bearer token-1");
        assertThat(endpoint.requests()).containsExactly("Basic c2hhZG93Y2F0OnMzY3JldCUyNm1vcmU= grant_type=client_credentials"
                + "&scope=tools%3Acall&resource=http%3A%2F%2F127.0.0.1%3A9001%2Fmcp");
    }

    @Test
    void refreshesAheadOfExpiryWhileTheCurrentTokenServes() throws Exception {
        value();
        nanos.addAndGet(Duration.ofSeconds(3600 - 5 - 59).toNanos());
        assertThat(value()).as("still the current token while the refresh runs").isEqualTo("Authorization: Bearer token-1");
        while (endpoint.requests().size() < 2 || value().endsWith("token-1")) {
            Thread.onSpinWait();
        }
        assertThat(value()).isEqualTo("Authorization: Bearer token-2");
    }

    @Test
    void anExpiredTokenIsNeverUsed() throws Exception {
        value();
        nanos.addAndGet(Duration.ofSeconds(3600).toNanos());
        assertThat(value()).isEqualTo("Authorization: Bearer token-2");
    }

    @Test
    void aFailedFetchIsRetriedOnlyAfterAPause() throws Exception {
        endpoint.fail(401);
        assertThatThrownBy(() -> token.header().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("HTTP 401");
        endpoint.recover();
        assertThatThrownBy(() -> token.header().get(5, TimeUnit.SECONDS)).as("within the pause: the same failure, no request")
                .hasMessageContaining("HTTP 401");
        assertThat(endpoint.requests()).hasSize(1);
        nanos.addAndGet(ClientCredentialsToken.RETRY_AFTER_FAILURE.toNanos());
        assertThat(value()).isEqualTo("Authorization: Bearer token-1");
    }
}
