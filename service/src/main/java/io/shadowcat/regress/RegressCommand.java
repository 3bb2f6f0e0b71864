package io.shadowcat.regress;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.shadowcat.regression.store.Stores;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/**
 * {@code regress record|check|history|export|import|accept|evaluate}: the benchmark history and the CI
 * gate, as a thin command line over {@code shadowcat-regression-db}. Exit codes: 0 no regression
 * (or done), 1 regression, 2 cannot decide or bad input. Options the gate must validate itself
 * (suite, files, format) are checked by {@link Regress} rather than by the parser, so that a bad
 * invocation exits 2 like any other bad input. Only what the parser itself refuses (an unknown
 * option or action) exits 1 with the usage, as for every Dropwizard command.
 *
 * <p>Stateless; Dropwizard creates one and runs it once.
 */
public final class RegressCommand extends Command {
    static final String ACTION = "action";

    public RegressCommand() {
        super("regress", "Benchmark history and the regression gate (record, check, history, export, import, accept, evaluate)");
    }

    @Override
    public void configure(Subparser subparser) {
        Subparsers actions = subparser.addSubparsers().dest(ACTION).title("actions");
        Subparser record = actions.addParser("record").help("store a result in the history");
        files(record);
        run(record);
        db(record);

        Subparser check = actions.addParser("check").help("compare a result with the history; exit 0, 1 or 2");
        files(check);
        run(check);
        check.addArgument("--against").dest("against").setDefault("main").help("baseline branch (default main)");
        check.addArgument("--format").dest("format").setDefault("text").help("text, md, junit or json");
        check.addArgument("--out").dest("out").help("write the report to this file instead of standard output");
        check.addArgument("--reference").dest("reference").action(Arguments.append())
                .help("METRIC=REFERENCE measured in the same run, e.g. 'wrk.proxied.p50=wrk.direct.p50': judged as a "
                        + "ratio across environments when this one has too little history; repeatable");
        yardstick(check);
        settings(check);
        db(check);

        Subparser history = actions.addParser("history").help("the trend of a suite, with change points");
        history.addArgument("--suite").dest("suite").help("suite name");
        history.addArgument("--branch").dest("branch").setDefault("main").help("branch (default main)");
        history.addArgument("--metric").dest("metric").help("metric name or pattern, e.g. 'profile.stage.*.p99'");
        history.addArgument("--fingerprint").dest("fingerprint")
                .help("environment fingerprint (default: that of the newest run)");
        history.addArgument("--limit").dest("limit").setDefault("200").help("newest runs to show");
        history.addArgument("--html").dest("html").help("write a self-contained HTML trend chart to this file");
        db(history);

        Subparser export = actions.addParser("export").help("write the whole history as JSON lines");
        export.addArgument("--out").dest("out").help("file to write (default standard output)");
        db(export);

        Subparser importLines = actions.addParser("import").help("read JSON lines into the history (idempotent)");
        importLines.addArgument("file").dest("importFile").help("JSON-lines file from regress export");
        db(importLines);

        Subparser accept = actions.addParser("accept").help("record an intended change of level");
        files(accept);
        run(accept);
        accept.addArgument("--metric").dest("metric").setDefault("*").help("metrics it covers (pattern), default all");
        accept.addArgument("--reason").dest("reason").help("why the new level is intended");
        db(accept);

        Subparser evaluate = actions.addParser("evaluate")
                .help("measure the gate: replay benchmark runs (A/A and A/B) and report its false-alarm and detection rates");
        evaluate.addArgument("files").dest("files").nargs("*")
                .help("shadowcat.result/v1 files, one run each; runs tagged with --slowed-tag carry the injected slowdown");
        evaluate.addArgument("--suite").dest("suite").help("suite name");
        evaluate.addArgument("--against").dest("against").setDefault("main").help("branch the runs are replayed on");
        evaluate.addArgument("--stage").dest("stage").setDefault("policy")
                .help("the stage the slowdown was injected into (default policy)");
        evaluate.addArgument("--slowed-tag").dest("slowedTag").setDefault("delay")
                .help("the tag that marks a run with the slowdown (default delay)");
        evaluate.addArgument("--out").dest("out").help("also write the report to this file");
        evaluate.addArgument("--reference").dest("reference").action(Arguments.append())
                .help("METRIC=REFERENCE, as for check: the reference is a yardstick of machine disturbance; repeatable");
        evaluate.addArgument("--rerun").dest("rerun").action(Arguments.storeTrue())
                .help("model CI jobs that run the suite again after an alarm or a disturbed run: the next run of the "
                        + "same kind is the next run; an alarm stands unless the second run passes, a disturbed run "
                        + "takes the next one's verdict, up to three runs");
        yardstick(evaluate);
        settings(evaluate);
        evaluate.addArgument("--db").dest("db")
                .help("keep the replayed history in this new store (default: a temporary SQLite file)");
    }

    private static void yardstick(Subparser parser) {
        parser.addArgument("--yardstick").dest("yardstick").action(Arguments.append())
                .help("a metric of the run that describes the machine, not the code (e.g. profile.machine.others_cpu.mean): "
                        + "never judged; if it is worse than its history, the run cannot be decided (exit 2); repeatable");
    }

    private static void settings(Subparser parser) {
        parser.addArgument("--min-effect").dest("minEffect").action(Arguments.append())
                .help("PATTERN=SIZE, e.g. 'profile.stage.*.p99=10%%'; repeatable, first match wins");
        parser.addArgument("--alpha").dest("alpha").setDefault("0.01")
                .help("family-wise false-alarm rate per check (Holm), default 0.01");
        parser.addArgument("--min-history").dest("minHistory").setDefault("5")
                .help("fewest baseline runs to decide on, default 5");
        parser.addArgument("--window").dest("window").setDefault("20")
                .help("recent baseline runs used, default 20");
    }

    private static void files(Subparser parser) {
        parser.addArgument("files").dest("files").nargs("*").help("shadowcat.result/v1 or JMH JSON files of one run");
    }

    private static void run(Subparser parser) {
        parser.addArgument("--suite").dest("suite").help("suite name");
        parser.addArgument("--commit").dest("commit").help("commit measured (overrides the file's)");
        parser.addArgument("--branch").dest("branch").help("branch of the commit (overrides the file's)");
        parser.addArgument("--config-hash").dest("configHash").setDefault("")
                .help("configuration hash for files that carry no environment (JMH)");
    }

    private static void db(Subparser parser) {
        parser.addArgument("--db").dest("db").setDefault(Stores.DEFAULT_LOCATION)
                .help("history: a SQLite file, jdbc:sqlite:FILE or jdbc:postgresql://... (default "
                        + Stores.DEFAULT_LOCATION + ")");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        int code = new Regress(System.out, System.err).execute(namespace);
        if (code != 0) {
            System.out.flush();
            System.exit(code);
        }
    }
}
