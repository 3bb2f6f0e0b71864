package io.shadowcat.regression.evaluation;

import io.shadowcat.regression.verdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@link Evaluation} found: the false-alarm rate over A/A checks, the detection rate over
 * A/B checks, how often an A/B verdict named the injected stage (and named nothing else), and which
 * metrics raised the alarms. Immutable.
 *
 * @param stage     the stage the slowdown was injected into
 * @param checks    every check after the warm-up, in the order made
 * @param warmUp    runs replayed while the history was still too short to check against
 */
public record EvaluationReport(String stage, List<Check> checks, int warmUp) {
    /** The yardsticks in an undecided verdict's message ({@code Checker}): "... beyond its history (M +12.0% (p = 0.001)); ...". */
    private static final Pattern YARDSTICKS = Pattern.compile("beyond its history \\((.*)\\); ");

    public EvaluationReport {
        checks = List.copyOf(checks);
    }

    /** A/A checks that alarmed. */
    public Rate falseAlarms() {
        List<Check> same = checks(false);
        return new Rate((int) same.stream().filter(Check::alarmed).count(), same.size());
    }

    /** Checks of one kind the gate left undecided (a disturbed run). */
    public Rate undecided(boolean slowed) {
        List<Check> kind = checks(slowed);
        return new Rate((int) kind.stream().filter(c -> c.verdict().outcome() == Outcome.UNDECIDED).count(),
                kind.size());
    }

    /** A/B checks that alarmed (an undecided one is a miss). */
    public Rate detections() {
        List<Check> slowed = checks(true);
        return new Rate((int) slowed.stream().filter(Check::alarmed).count(), slowed.size());
    }

    /** A/B checks whose verdict named the injected stage. */
    public Rate namedStage() {
        List<Check> slowed = checks(true);
        return new Rate((int) slowed.stream().filter(c -> c.named().contains(stage)).count(), slowed.size());
    }

    /** A/B checks whose verdict named the injected stage and no other. */
    public Rate namedOnlyStage() {
        List<Check> slowed = checks(true);
        return new Rate((int) slowed.stream().filter(c -> c.named().equals(Set.of(stage))).count(),
                slowed.size());
    }

    /** Checks that took more than one run (a CI job that ran its suite again, {@link Evaluation.Jobs}). */
    public Rate rerun() {
        return new Rate((int) checks.stream().filter(c -> c.runs() > 1).count(), checks.size());
    }

    /** In how many alarmed checks of one kind each metric regressed. */
    public Map<String, Integer> alarmsByMetric(boolean slowed) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Check check : checks(slowed)) {
            if (!check.alarmed()) {
                continue;
            }
            check.regressed().forEach(m -> counts.merge(m, 1, Integer::sum));
        }
        return counts;
    }

    /** The report as text: the rates first, then the metrics that alarmed, then one line per check. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("A/A false alarms (runs of the same build):     ").append(falseAlarms().describe()).append('\n');
        out.append("A/B detections (runs with the slowdown):      ").append(detections().describe()).append('\n');
        out.append(String.format(Locale.ROOT, "A/B verdicts naming %-26s%s%n", stage + ":", namedStage().describe()));
        out.append(String.format(Locale.ROOT, "A/B verdicts naming only %-21s%s%n", stage + ":",
                namedOnlyStage().describe()));
        out.append("A/A undecided (disturbed machine, exit 2):    ").append(undecided(false).describe()).append('\n');
        out.append("A/B undecided (disturbed machine, exit 2):    ").append(undecided(true).describe()).append('\n');
        out.append("warm-up runs (history still too short):       ").append(warmUp).append('\n');
        out.append("checks that took more runs (CI reruns):       ").append(rerun().describe()).append('\n');
        metrics(out, "metrics that regressed in A/A checks (false alarms):", alarmsByMetric(false));
        metrics(out, "metrics that regressed in A/B checks:", alarmsByMetric(true));
        out.append("\nchecks:\n");
        for (Check check : checks) {
            out.append(String.format(Locale.ROOT, "  %s %s %-10s%s named %-18s %s%n", check.time(),
                    check.slowed() ? "A/B" : "A/A", check.verdict().outcome(), check.runs() > 1 ? " (" + check.runs() + " runs)" : "",
                    check.named().isEmpty() ? "-" : String.join(",", new TreeSet<>(check.named())),
                    String.join(" ", check.regressed()) + disturbance(check)));
        }
        return out.toString();
    }

    /** For a check the gate could not decide, why: the yardsticks that moved, as its message gives them. */
    private static String disturbance(Check check) {
        if (check.verdict().outcome() != Outcome.UNDECIDED) {
            return "";
        }
        Matcher yardsticks = YARDSTICKS.matcher(check.verdict().message());
        return " [" + (yardsticks.find() ? yardsticks.group(1) : check.verdict().message()) + "]";
    }

    private List<Check> checks(boolean slowed) {
        List<Check> kind = new ArrayList<>();
        for (Check check : checks) {
            if (check.slowed() == slowed) {
                kind.add(check);
            }
        }
        return kind;
    }

    private static void metrics(StringBuilder out, String title, Map<String, Integer> counts) {
        out.append('\n').append(title);
        if (counts.isEmpty()) {
            out.append(" none\n");
            return;
        }
        out.append('\n');
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.append(String.format(Locale.ROOT, "  %4d  %s%n", e.getValue(), e.getKey())));
    }
}
