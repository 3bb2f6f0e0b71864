package io.shadowcat.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import io.shadowcat.metrics.LabelledCounters;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code policy:} block of the configuration: rules inline, an optional rules file that is reloaded
 * when it changes, and the default action. Inline rules are compiled as they are read, so {@code check}
 * refuses invalid ones with the rule and field named.
 */
public class PolicyFactory {
    @NotNull
    @Pattern(regexp = "allow|deny", message = "must be allow or deny")
    private String defaultAction = "allow";

    private List<Rule> rules = List.of();

    private String rulesFile;

    @NotNull
    private Duration reloadInterval = Duration.seconds(2);

    @JsonProperty
    public String getDefaultAction() {
        return defaultAction;
    }

    @JsonProperty
    public void setDefaultAction(String defaultAction) {
        this.defaultAction = defaultAction;
    }

    public List<Rule> getRules() {
        return rules;
    }

    @JsonProperty("rules")
    public void setRules(JsonNode rules) {
        this.rules = RuleParser.parse(rules, "policy.rules");
    }

    @JsonProperty
    public String getRulesFile() {
        return rulesFile;
    }

    @JsonProperty
    public void setRulesFile(String rulesFile) {
        this.rulesFile = rulesFile;
    }

    @JsonProperty
    public Duration getReloadInterval() {
        return reloadInterval;
    }

    @JsonProperty
    public void setReloadInterval(Duration reloadInterval) {
        this.reloadInterval = reloadInterval;
    }

    /**
     * The policy stage. A rules file is read now (an invalid one fails the start) and then watched by a
     * task that {@code lifecycle} manages.
     *
     * @param decisions the {@code shadowcat_policy_decisions} family
     */
    public PolicyCheck build(LifecycleEnvironment lifecycle, LabelledCounters decisions, Clock clock) {
        boolean defaultDeny = "deny".equals(defaultAction);
        if (rulesFile == null) {
            return new PolicyCheck(new RuleSet(rules, defaultDeny, decisions), clock);
        }
        RulesFile file = new RulesFile(Path.of(rulesFile));
        List<Rule> fromFile = file.load();
        PolicyCheck check = new PolicyCheck(new RuleSet(combined(fromFile), defaultDeny, decisions), clock);
        lifecycle.manage(new RulesReloader(file, reloadInterval.toJavaDuration(),
                reloaded -> check.replace(new RuleSet(combined(reloaded), defaultDeny, decisions))));
        return check;
    }

    /** Inline rules and a file's rules as one list; ids must be unique across both. */
    private List<Rule> combined(List<Rule> fromFile) {
        List<Rule> all = new ArrayList<>(rules);
        for (Rule rule : fromFile) {
            if (rules.stream().anyMatch(inline -> inline.id().equals(rule.id()))) {
                throw new InvalidRulesException(rulesFile + ": rule '" + rule.id() + "': duplicate id (also in policy.rules)");
            }
            all.add(rule);
        }
        return all;
    }
}
