package io.shadowcat.gatling.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.gatling.harness.GateCheck.Outcome;
import io.shadowcat.gatling.harness.GateCheck.Verdict;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a CI job makes of two runs of a suite: the rule {@code regress evaluate --rerun} measures. */
class GateCheckTest {
    private static final Path REPORT = Path.of("gate.txt");
    private static final Verdict PASS = new Verdict(Outcome.PASS, "0 of 40 metrics regressed", REPORT);
    private static final Verdict ALARM = new Verdict(Outcome.REGRESSION, "1 of 40 metrics regressed", REPORT);
    private static final Verdict DISTURBED = new Verdict(Outcome.UNDECIDED,
            "the machine was disturbed during this run, a same-run yardstick moved beyond its history (x +40%); "
                    + "run it again", REPORT);
    private static final Verdict NO_HISTORY = new Verdict(Outcome.UNDECIDED, "not enough history: 0 runs", REPORT);

    @Test
    void anAlarmOrADisturbedRunIsWorthASecondRunButTooLittleHistoryIsNot() {
        assertThat(ALARM.worthASecondRun()).isTrue();
        assertThat(DISTURBED.worthASecondRun()).isTrue();
        assertThat(PASS.worthASecondRun()).isFalse();
        assertThat(NO_HISTORY.worthASecondRun()).isFalse();
    }

    @Test
    void anAlarmStandsUnlessTheSecondRunPasses() {
        assertThat(GateCheck.job(ALARM, ALARM)).isEqualTo(ALARM);
        assertThat(GateCheck.job(ALARM, DISTURBED)).as("a disturbed run decides nothing").isEqualTo(ALARM);
        assertThat(GateCheck.job(GateCheck.job(ALARM, DISTURBED), PASS)).as("the next decided run refutes it")
                .isEqualTo(PASS);
        assertThat(GateCheck.job(ALARM, PASS)).isEqualTo(PASS);
    }

    @Test
    void aDisturbedRunTakesTheNextRunsVerdictAndIsRunAgainWhileDisturbed() {
        assertThat(GateCheck.job(DISTURBED, PASS)).isEqualTo(PASS);
        assertThat(GateCheck.job(DISTURBED, ALARM)).isEqualTo(ALARM);
        assertThat(GateCheck.job(DISTURBED, DISTURBED).disturbed()).isTrue();
        assertThat(GateCheck.job(GateCheck.job(DISTURBED, DISTURBED), ALARM)).isEqualTo(ALARM);
        assertThat(NO_HISTORY.disturbed()).isFalse();
    }
}
