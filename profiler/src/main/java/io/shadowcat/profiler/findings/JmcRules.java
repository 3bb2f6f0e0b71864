package io.shadowcat.profiler.findings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.CouldNotLoadRecordingException;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.ResultToolkit;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/**
 * Runs JDK Mission Control's automated analysis rules ({@code flightrecorder.rules.jdk}) over a
 * recording with {@link RulesToolkit#evaluateParallel} and keeps the results at warning level.
 *
 * <p>Unlike the stage math, JMC loads the whole recording into memory; a report can skip the rules
 * for recordings too large for the heap. Thread-safe.
 */
public final class JmcRules {
    // JMC reports rules that cannot run for lack of events through java.util.logging; a report says
    // what it found, not how JMC got there.
    private static final Logger JMC_LOGGER = Logger.getLogger("org.openjdk.jmc");
    private static final long RULE_TIMEOUT_SECONDS = 120;

    static {
        JMC_LOGGER.setLevel(Level.OFF);
    }

    /** The outcome: findings, or why there are none. */
    public record Outcome(List<JvmFindings.RuleFinding> findings, String unavailable) {
    }

    /** The outcome when the rules were deliberately not run. */
    public static final Outcome NOT_RUN = new Outcome(List.of(), "not run");

    /** Evaluates every registered rule over {@code recording}. */
    public Outcome evaluate(Path recording) {
        IItemCollection items;
        try {
            items = JfrLoaderToolkit.loadEvents(recording.toFile());
        } catch (IOException | CouldNotLoadRecordingException | RuntimeException e) {
            return new Outcome(List.of(), "JMC could not load the recording: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            // JMC holds the whole recording; what it had loaded is garbage again once this returns.
            return new Outcome(List.of(), "the recording does not fit in this JVM's heap for JMC;"
                    + " give it more (-Xmx) or skip the JVM findings with --no-jvm");
        }
        Map<IRule, Future<IResult>> futures = RulesToolkit.evaluateParallel(RuleRegistry.getRules(), items, IPreferenceValueProvider.DEFAULT_VALUES,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<JvmFindings.RuleFinding> out = new ArrayList<>();
        for (Map.Entry<IRule, Future<IResult>> entry : futures.entrySet()) {
            IResult result;
            try {
                result = entry.getValue().get(RULE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(List.copyOf(out), "interrupted");
            } catch (ExecutionException | TimeoutException e) {
                continue;
            }
            if (result == null || result.getSeverity() != Severity.WARNING) {
                continue;
            }
            IQuantity score = result.getResult(TypedResult.SCORE);
            out.add(new JvmFindings.RuleFinding(entry.getKey().getId(), entry.getKey().getName(),
                    result.getSeverity().name(), score == null ? Severity.WARNING.getLimit() : score.doubleValue(),
                    text(result, result.getSummary()), text(result, result.getExplanation())));
        }
        out.sort(Comparator.comparingDouble(JvmFindings.RuleFinding::score).reversed()
                .thenComparing(JvmFindings.RuleFinding::id));
        return new Outcome(List.copyOf(out), null);
    }

    private static String text(IResult result, String template) {
        if (template == null) {
            return null;
        }
        String populated = ResultToolkit.populateMessage(result, template, false);
        return populated.replaceAll("\\s+", " ").strip();
    }
}
