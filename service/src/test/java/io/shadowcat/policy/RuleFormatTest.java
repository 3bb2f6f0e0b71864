package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.ratelimit.Tier;
import io.shadowcat.ratelimit.TierLimit;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rule format and the rate-limit block from YAML fixtures, and every kind of invalid rule with its error. */
class RuleFormatTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final YamlConfigurationFactory<ShadowcatConfiguration> factory = new YamlConfigurationFactory<>(
            ShadowcatConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void everyPartOfTheFormatLoads() throws Exception {
        ShadowcatConfiguration config = factory.build(new ResourceConfigurationSourceProvider(), "config/policy-full.yml");
        PolicyFactory policy = config.getPolicy();
        assertThat(policy.getDefaultAction()).isEqualTo("deny");
        assertThat(policy.getReloadInterval().toSeconds()).isEqualTo(5);
        List<Rule> rules = policy.getRules();
        assertThat(rules).extracting(Rule::id).containsExactly("bench-slowdown", "jitter", "tenant-header", "no-deletes",
                "maintenance", "canned", "mcp-callers");
        assertThat(rules).extracting(Rule::priority).containsExactly(100, 90, 80, 50, 40, 30, 0);
        assertThat(rules).extracting(Rule::enabled).containsExactly(true, false, true, true, true, true, true);
        assertThat(rules).extracting(rule -> rule.action().outcome())
                .containsExactly("delay", "delay", "headers", "deny", "respond", "respond", "allow");
        assertThat(rules.get(0).action().delayNanos()).isEqualTo(200_000);

        List<TierLimit> tiers = config.getRateLimits().tiers();
        assertThat(tiers).extracting(TierLimit::tier).containsExactly(Tier.values());
        assertThat(config.getRateLimits().isToolPerSubject()).isTrue();
        assertThat(config.getRateLimits().getMaxKeysPerTier()).isEqualTo(5000);
    }

    @Test
    void theBenchmarkSlowdownRuleOfTheDelayFixtureIsAFixedDelayOnToolsCall() throws Exception {
        ShadowcatConfiguration config = factory.build(new ResourceConfigurationSourceProvider(), "config/policy-delay.yml");
        Rule rule = config.getPolicy().getRules().get(0);
        assertThat(rule.id()).isEqualTo("bench-slowdown");
        assertThat(rule.priority()).isEqualTo(100);
        assertThat(rule.action().verdict()).isEqualTo(RuleAction.Verdict.NONE);
        assertThat(rule.action().delayNanos()).isEqualTo(200_000);
    }

    @Test
    void anInvalidRuleInTheConfigurationFailsItsParseNamingTheRule() {
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider(), "config/policy-invalid.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("policy.rules: rule 'broken': when.tool.regex: invalid regular expression");
    }

    static Stream<Arguments> invalidRules() throws Exception {
        try (InputStream in = RuleFormatTest.class.getResourceAsStream("/policy/invalid-rules.yml")) {
            JsonNode cases = YAML.readTree(in);
            return java.util.stream.StreamSupport.stream(cases.spliterator(), false)
                    .map(c -> Arguments.of(c.get("case").asText(), c.get("rules"), c.get("error").asText()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRules")
    void invalidRulesAreRefusedWithAPreciseError(String name, JsonNode rules, String error) {
        assertThatThrownBy(() -> RuleParser.parse(rules, "invalid-rules.yml"))
                .isInstanceOf(InvalidRulesException.class).hasMessage(error);
    }
}
