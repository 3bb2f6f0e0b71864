package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(List.of("http://localhost:*", "https://app.example.com"));

    @Test
    void requestsWithoutOriginAreNotFromBrowsersAndPass() {
        assertThat(policy.allows(null)).isTrue();
    }

    @Test
    void exactOriginsAndPortWildcardsMatch() {
        assertThat(policy.allows("https://app.example.com")).isTrue();
        assertThat(policy.allows("HTTPS://App.Example.com/")).isTrue();
        assertThat(policy.allows("http://localhost")).isTrue();
        assertThat(policy.allows("http://localhost:6274")).isTrue();
    }

    @Test
    void lookAlikesAreRefused() {
        assertThat(policy.allows("http://localhost.evil.com")).isFalse();
        assertThat(policy.allows("http://localhost:80.evil.com")).isFalse();
        assertThat(policy.allows("https://localhost:8080")).isFalse();
        assertThat(policy.allows("https://app.example.com:8443")).isFalse();
        assertThat(policy.allows("null")).isFalse();
        assertThat(new OriginPolicy(List.of()).allows("http://localhost")).isFalse();
    }
}
