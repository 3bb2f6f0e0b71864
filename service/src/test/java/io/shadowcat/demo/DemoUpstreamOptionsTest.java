package io.shadowcat.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoUpstreamOptionsTest {

    @Test
    void defaultsAreAPlainFastJsonServer() {
        DemoUpstreamOptions options = DemoUpstreamOptions.defaults();

        assertThat(options.latency()).isZero();
        assertThat(options.payloadBytes()).isZero();
        assertThat(options.sse()).isFalse();
        assertThat(options.keepAliveInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theBuilderSetsEveryOption() {
        DemoUpstreamOptions options = DemoUpstreamOptions.builder()
                .latency(Duration.ofMillis(5)).payloadBytes(64).sse(true)
                .keepAliveInterval(Duration.ofSeconds(1)).build();

        assertThat(options).isEqualTo(
                new DemoUpstreamOptions(Duration.ofMillis(5), 64, true, Duration.ofSeconds(1)));
    }

    @Test
    void theBuilderRefusesBadValuesWhenTheyAreSet() {
        DemoUpstreamOptions.Builder builder = DemoUpstreamOptions.builder();

        assertThatThrownBy(() -> builder.latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> builder.latency(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.payloadBytes(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payloadBytes");
        assertThatThrownBy(() -> builder.keepAliveInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepAliveInterval");
    }
}
