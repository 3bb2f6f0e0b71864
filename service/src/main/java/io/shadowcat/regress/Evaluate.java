package io.shadowcat.regress;

import io.shadowcat.regression.evaluation.Evaluation;
import io.shadowcat.regression.evaluation.EvaluationReport;
import io.shadowcat.regression.gate.Gate;
import io.shadowcat.regression.result.Machine;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.result.ResultFiles;
import io.shadowcat.regression.result.ResultFormatException;
import io.shadowcat.regression.result.RunContext;
import io.shadowcat.regression.store.HistoryStore;
import io.shadowcat.regression.store.Stores;
import io.shadowcat.regression.verdict.CheckSettings;
import io.shadowcat.regression.verdict.References;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code regress evaluate FILE... --suite S [--stage policy] [--slowed-tag delay] [--reference M=R] [--rerun] [--db F]}:
 * replays benchmark runs through the gate ({@link Evaluation}) and prints its false-alarm rate, detection
 * rate and stage naming; {@code --rerun} models CI jobs that run again when the first run did not pass. Each file is one run; a run whose tags hold {@code --slowed-tag} carries
 * the injected slowdown. The history starts empty: in a temporary SQLite file, or in {@code --db},
 * which must hold no run of the suite yet. Not thread-safe; one per invocation.
 */
final class Evaluate {
    private final PrintStream out;

    Evaluate(PrintStream out) {
        this.out = out;
    }

    int execute(Namespace namespace) throws ResultFormatException, IOException {
        String suite = Regress.required(namespace, "suite");
        String branch = namespace.getString("against");
        String tag = namespace.getString("slowedTag");
        List<String> files = namespace.getList("files");
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("no result files given");
        }
        RunContext context = new RunContext(suite, Optional.empty(), Optional.of(branch), Instant.now(),
                Machine.current(""));
        List<Result> runs = new ArrayList<>();
        for (String file : files) {
            runs.add(ResultFiles.read(Path.of(file), context));
        }
        String db = namespace.getString("db");
        Path temporary = db == null ? Files.createTempFile("shadowcat-evaluate", ".db") : null;
        EvaluationReport report;
        try (HistoryStore store = Stores.open(db == null ? temporary.toString() : db)) {
            if (store.latest(suite, branch).isPresent()) {
                throw new IllegalArgumentException("--db " + db + " already holds runs of suite " + suite
                        + " on " + branch + "; an evaluation starts from an empty history");
            }
            CheckSettings settings = Regress.settings(namespace);
            References references = References.of(namespace.getList("reference"), namespace.getList("yardstick"));
            Evaluation.Jobs jobs = namespace.getBoolean("rerun") ? Evaluation.Jobs.RERUN : Evaluation.Jobs.SINGLE;
            report = new Evaluation(new Gate(store, settings), branch, references, settings.minHistory(), jobs)
                    .replay(runs, run -> run.tags().containsKey(tag), namespace.getString("stage"));
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
                Files.deleteIfExists(Path.of(temporary + "-wal"));
                Files.deleteIfExists(Path.of(temporary + "-shm"));
            }
        }
        String text = report.text();
        out.print(text);
        String target = namespace.getString("out");
        if (target != null) {
            Files.writeString(Path.of(target), text);
        }
        return Regress.OK;
    }
}
