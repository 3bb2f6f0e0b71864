package io.shadowcat.regression.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.verdict.CheckSettings;
import io.shadowcat.regression.verdict.Checker;
import io.shadowcat.regression.verdict.Scenario;
import io.shadowcat.regression.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every output format against a committed golden file. To accept a deliberate change of output,
 * run with {@code -Dgolden.update=true} and review the diff.
 */
class ReportGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static Verdict regression() {
        Map<String, Double> values = Scenario.stages(1.0, 184);
        values.put("profile.stage.connect.p99", 12.0);
        Result candidate = Scenario.run(20, values);
        return new Checker(CheckSettings.defaults()).check(candidate, Scenario.history(12), List.of(), "main");
    }

    private static Verdict undecided() {
        return new Checker(CheckSettings.defaults()).check(Scenario.run(20, Scenario.stages(1.0, 40)),
                Scenario.history(2), List.of(), "main");
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void regression(ReportFormat format) throws Exception {
        assertGolden("regression." + format.name().toLowerCase(java.util.Locale.ROOT), format.render(regression()));
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void undecided(ReportFormat format) throws Exception {
        assertGolden("undecided." + format.name().toLowerCase(java.util.Locale.ROOT), format.render(undecided()));
    }

    static void assertGolden(String name, String actual) throws Exception {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertThat(file).as("golden file %s (run with -Dgolden.update=true to create it)", file).exists();
        assertThat(actual).isEqualTo(Files.readString(file));
    }
}
