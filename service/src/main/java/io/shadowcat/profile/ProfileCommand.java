package io.shadowcat.profile;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.shadowcat.profiler.analysis.ProfileInputException;
import io.shadowcat.profiler.diff.DiffFormat;
import io.shadowcat.profiler.diff.ProfileDiff;
import io.shadowcat.profiler.diff.ProfileReader;
import io.shadowcat.profiler.report.Report;
import io.shadowcat.profiler.report.ReportFormat;
import io.shadowcat.profiler.report.Reports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.IntConsumer;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/**
 * {@code profile report REC.jfr [--format text|json|html|md] [--out F] [--slowest N] [--suite S] [--since INSTANT] [--no-jvm]}
 * and {@code profile diff BASE CANDIDATE [--format text|json]}: thin adapters over the profiler library.
 *
 * <p>Bad input (a path that cannot be read, a file that is not a complete recording or report
 * document, a recording without Shadowcat exchanges) is one line on standard error and exit code 2,
 * never a stack trace. Stateless apart from the streams and exit hook it is given; Dropwizard runs it once.
 */
public final class ProfileCommand extends Command {
    /** The exit code for input the command cannot use. */
    public static final int BAD_INPUT = 2;

    static final String ACTION = "action";
    static final String RECORDING = "recording";
    static final String BASE = "base";
    static final String CANDIDATE = "candidate";
    static final String FORMAT = "format";
    static final String OUT = "out";
    static final String SLOWEST = "slowest";
    static final String SUITE = "suite";
    static final String NO_JVM = "noJvm";
    static final String SINCE = "since";

    private final PrintStream out;
    private final PrintStream err;
    private final IntConsumer exit;

    public ProfileCommand() {
        this(System.out, System.err, System::exit);
    }

    ProfileCommand(PrintStream out, PrintStream err, IntConsumer exit) {
        super("profile", "Analyses flight recordings: per-stage latency reports and diffs");
        this.out = out;
        this.err = err;
        this.exit = exit;
    }

    @Override
    public void configure(Subparser subparser) {
        Subparsers actions = subparser.addSubparsers().dest(ACTION).title("actions");
        Subparser report = actions.addParser("report").help("per-stage latency breakdown, slowest exchanges, JVM findings");
        report.addArgument(RECORDING).metavar("REC.jfr").help("a flight recording made by Shadowcat");
        report.addArgument("--format").dest(FORMAT).choices("text", "json", "html", "md").setDefault("text")
                .help("text (default), json (a shadowcat.result/v1 document), html (one self-contained page) or md");
        report.addArgument("--out").dest(OUT).metavar("F").help("write the report to F instead of standard output");
        report.addArgument("--slowest").dest(SLOWEST).type(Integer.class).choices(Arguments.range(0, 10_000))
                .setDefault(10).help("how many of the slowest exchanges to list (default 10)");
        report.addArgument("--suite").dest(SUITE).setDefault(Report.DEFAULT_SUITE)
                .help("the suite name of the JSON result document (default profile)");
        report.addArgument("--since").dest(SINCE).metavar("INSTANT")
                .help("leave out exchanges that started before this ISO-8601 instant (e.g. a benchmark's warm-up)");
        report.addArgument("--no-jvm").dest(NO_JVM).action(Arguments.storeTrue())
                .help("skip the JVM findings (JMC rules, GC, allocation, locks, hot methods)");
        Subparser diff = actions.addParser("diff").help("what moved between two recordings or two report JSONs");
        diff.addArgument(BASE).metavar("BASE").help("a recording or a profile report JSON document");
        diff.addArgument(CANDIDATE).metavar("CANDIDATE").help("a recording or a profile report JSON document");
        diff.addArgument("--format").dest(FORMAT).choices("text", "json").setDefault("text").help("text (default) or json");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        int code = execute(namespace);
        if (code != 0) {
            exit.accept(code);
        }
    }

    /** Runs the parsed command line and returns its exit code. */
    int execute(Namespace namespace) {
        try {
            if ("diff".equals(namespace.getString(ACTION))) {
                Path base = Path.of(namespace.getString(BASE));
                Path candidate = Path.of(namespace.getString(CANDIDATE));
                ProfileReader reader = new ProfileReader();
                ProfileDiff diff = ProfileDiff.of(reader.read(base), reader.read(candidate));
                out.print(DiffFormat.of(namespace.getString(FORMAT)).render(diff));
                return 0;
            }
            Report report = Reports.of(Path.of(namespace.getString(RECORDING)), namespace.getInt(SLOWEST),
                    namespace.getString(SUITE), !namespace.getBoolean(NO_JVM), since(namespace.getString(SINCE)));
            String text = ReportFormat.of(namespace.getString(FORMAT)).render(report);
            String target = namespace.getString(OUT);
            if (target == null) {
                out.print(text);
            } else {
                write(Path.of(target), text);
            }
            return 0;
        } catch (ProfileInputException e) {
            err.println("profile: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private static Instant since(String text) throws ProfileInputException {
        if (text == null) {
            return Instant.MIN;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProfileInputException("--since: expected an ISO-8601 instant such as 2026-11-26T19:00:00Z, got '"
                    + text + "'", e);
        }
    }

    private static void write(Path target, String text) throws ProfileInputException {
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileInputException(target + ": cannot be written (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }
}
