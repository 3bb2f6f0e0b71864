package io.shadowcat.breakdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.shadowcat.ShadowcatConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakdownConfigurationTest {
    private final YamlConfigurationFactory<ShadowcatConfiguration> factory = new YamlConfigurationFactory<>(
            ShadowcatConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void windowsSlicesAndGroupsAreRead() throws Exception {
        BreakdownFactory breakdown = factory.build(new ResourceConfigurationSourceProvider(), "config/live-breakdown.yml")
                .getBreakdown();
        assertThat(breakdown.isEnabled()).isTrue();
        assertThat(breakdown.getWindows()).extracting(w -> w.toJavaDuration())
                .containsExactly(Duration.ofMinutes(10), Duration.ofHours(1));
        assertThat(breakdown.getSlices()).isEqualTo(6);
        assertThat(breakdown.build(Clock.systemUTC()).windows()).hasSize(2);
    }

    @Test
    void theDefaultsAreTheLastMinuteAndTheLastTenMinutes() {
        BreakdownFactory defaults = new BreakdownFactory();
        assertThat(defaults.getWindows()).extracting(w -> w.toJavaDuration())
                .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertThat(defaults.getMaxGroups()).isEqualTo(50);
    }

    @Test
    void noWindowsOrNoSlicesIsAConfigurationError() {
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider(), "config/breakdown-bad-slices.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("breakdown.windows must not be empty")
                .hasMessageContaining("breakdown.slices must be greater than or equal to 1");
    }
}
