package io.shadowcat.regress;

import io.shadowcat.regression.gate.Gate;
import io.shadowcat.regression.gate.Trend;
import io.shadowcat.regression.report.ReportFormat;
import io.shadowcat.regression.report.TrendChart;
import io.shadowcat.regression.report.TrendReport;
import io.shadowcat.regression.result.Machine;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.result.ResultFiles;
import io.shadowcat.regression.result.ResultFormatException;
import io.shadowcat.regression.result.RunContext;
import io.shadowcat.regression.store.Acceptance;
import io.shadowcat.regression.store.HistoryLines;
import io.shadowcat.regression.store.HistoryStore;
import io.shadowcat.regression.store.Stores;
import io.shadowcat.regression.verdict.CheckSettings;
import io.shadowcat.regression.verdict.EffectSizes;
import io.shadowcat.regression.verdict.References;
import io.shadowcat.regression.verdict.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Runs one parsed {@code regress} action and returns its exit code: 0 done / no regression,
 * 1 regression, 2 cannot decide or bad input (with the reason on the error stream). The history
 * store is opened per action and closed before returning. Not thread-safe; one per invocation.
 * One short method per action keeps every action's option handling and output in one place,
 * which is why the class is longer than most.
 */
final class Regress {
    static final int OK = 0;
    static final int BAD_INPUT = 2;

    private final PrintStream out;
    private final PrintStream err;

    Regress(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(Namespace namespace) {
        String action = namespace.getString(RegressCommand.ACTION);
        try {
            return switch (action) {
                case "record" -> record(namespace);
                case "check" -> check(namespace);
                case "history" -> history(namespace);
                case "export" -> export(namespace);
                case "import" -> importLines(namespace);
                case "accept" -> accept(namespace);
                case "evaluate" -> new Evaluate(out).execute(namespace);
                default -> fail("unknown action " + action);
            };
        } catch (ResultFormatException | IllegalArgumentException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("I/O error: " + e.getMessage());
        } catch (RuntimeException e) {
            return fail("could not use the history at " + namespace.getString("db") + ": " + e.getMessage());
        }
    }

    private int record(Namespace namespace) throws ResultFormatException {
        Result run = run(namespace);
        try (HistoryStore store = Stores.open(namespace.getString("db"))) {
            boolean stored = new Gate(store, CheckSettings.defaults()).record(run);
            out.printf("%s run %s of suite %s (%d metrics, commit %s, branch %s, environment %s)%n",
                    stored ? "recorded" : "already recorded", run.key().substring(0, 12), run.suite(),
                    run.metrics().size(), run.commit(), run.branch(), run.environment().fingerprint());
        }
        return OK;
    }

    private int check(Namespace namespace) throws ResultFormatException, IOException {
        ReportFormat format = ReportFormat.of(namespace.getString("format")).orElseThrow(() ->
                new IllegalArgumentException("unknown format '" + namespace.getString("format")
                        + "' (text, md, junit or json)"));
        CheckSettings settings = settings(namespace);
        References references = References.of(namespace.getList("reference"), namespace.getList("yardstick"));
        Result candidate = run(namespace);
        Verdict verdict;
        try (HistoryStore store = Stores.open(namespace.getString("db"))) {
            verdict = new Gate(store, settings).check(candidate, namespace.getString("against"), references);
        }
        String report = format.render(verdict);
        String file = namespace.getString("out");
        if (file == null) {
            out.print(report);
        } else {
            Files.writeString(Path.of(file), report);
            out.println(verdict.message());
        }
        return verdict.outcome().exitCode();
    }

    private int history(Namespace namespace) throws IOException {
        String suite = required(namespace, "suite");
        Optional<Trend> trend;
        try (HistoryStore store = Stores.open(namespace.getString("db"))) {
            trend = new Gate(store, CheckSettings.defaults()).trend(suite, namespace.getString("branch"),
                    Optional.ofNullable(namespace.getString("fingerprint")),
                    Optional.ofNullable(namespace.getString("metric")), whole(namespace, "limit"));
        }
        if (trend.isEmpty() || trend.get().series().isEmpty()) {
            return fail("no history of suite " + suite + " on branch " + namespace.getString("branch")
                    + (namespace.getString("metric") == null ? "" : " for metric " + namespace.getString("metric")));
        }
        out.print(TrendReport.text(trend.get()));
        String html = namespace.getString("html");
        if (html != null) {
            Files.writeString(Path.of(html), TrendChart.html(trend.get()));
            out.println("\ntrend chart written to " + html);
        }
        return OK;
    }

    private int export(Namespace namespace) throws IOException {
        String file = namespace.getString("out");
        try (HistoryStore store = Stores.open(namespace.getString("db"))) {
            if (file == null) {
                Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                HistoryLines.export(store, writer);
                writer.flush();
            } else {
                try (Writer writer = Files.newBufferedWriter(Path.of(file))) {
                    HistoryLines.Counts counts = HistoryLines.export(store, writer);
                    out.printf("exported %d runs and %d acceptances to %s%n", counts.runs(), counts.acceptances(), file);
                }
            }
        }
        return OK;
    }

    private int importLines(Namespace namespace) throws IOException, ResultFormatException {
        String file = namespace.getString("importFile");
        if (!Files.isRegularFile(Path.of(file))) {
            return fail(file + ": no such file");
        }
        try (HistoryStore store = Stores.open(namespace.getString("db"));
                Reader reader = Files.newBufferedReader(Path.of(file))) {
            HistoryLines.Counts counts = HistoryLines.importFrom(store, file, reader);
            out.printf("imported %d new runs and %d new acceptances from %s%n", counts.runs(), counts.acceptances(),
                    file);
        }
        return OK;
    }

    private int accept(Namespace namespace) throws ResultFormatException {
        String reason = required(namespace, "reason");
        Result run = run(namespace);
        try (HistoryStore store = Stores.open(namespace.getString("db"))) {
            Acceptance acceptance = new Gate(store, CheckSettings.defaults())
                    .accept(run, namespace.getString("metric"), reason);
            out.printf("accepted the level of run %s for %s on %s: %s%n", acceptance.runKey().substring(0, 12),
                    acceptance.metricPattern(), acceptance.branch(), reason);
        }
        return OK;
    }

    private static Result run(Namespace namespace) throws ResultFormatException {
        String suite = required(namespace, "suite");
        List<String> files = namespace.getList("files");
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("no result files given");
        }
        RunContext context = new RunContext(suite, Optional.ofNullable(namespace.getString("commit")),
                Optional.ofNullable(namespace.getString("branch")), Instant.now(),
                Machine.current(namespace.getString("configHash")));
        return ResultFiles.readRun(files.stream().map(Path::of).toList(), context);
    }

    /** The check settings given by {@code --alpha}, {@code --min-history}, {@code --window} and {@code --min-effect}. */
    static CheckSettings settings(Namespace namespace) {
        List<String> effects = namespace.getList("minEffect");
        return new CheckSettings(number(namespace, "alpha"), whole(namespace, "minHistory"),
                whole(namespace, "window"), effects == null ? EffectSizes.defaults() : EffectSizes.parse(effects));
    }

    static String required(Namespace namespace, String option) {
        String value = namespace.getString(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + option + " is required");
        }
        return value;
    }

    private static double number(Namespace namespace, String option) {
        try {
            return Double.parseDouble(namespace.getString(option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " must be a number, got '" + namespace.getString(option)
                    + "'", e);
        }
    }

    private static int whole(Namespace namespace, String option) {
        try {
            int value = Integer.parseInt(namespace.getString(option));
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT)
                    + " must be a whole number of at least 1, got '" + namespace.getString(option) + "'", e);
        }
    }

    private int fail(String message) {
        err.println("regress: " + message);
        return BAD_INPUT;
    }
}
