package io.shadowcat.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IssuedSessionsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void sessionsCountUntilTheirMinuteLeavesTheMaximumAge() {
        IssuedSessions issued = new IssuedSessions(Duration.ofMinutes(10));
        issued.issued(T0);
        issued.issued(T0.plusSeconds(30));
        issued.issued(T0.plusSeconds(5 * 60));
        assertThat(issued.count(T0.plusSeconds(5 * 60))).isEqualTo(3);
        assertThat(issued.count(T0.plusSeconds(10 * 60 - 1))).isEqualTo(3);
        assertThat(issued.count(T0.plusSeconds(10 * 60))).isEqualTo(1);
        assertThat(issued.count(T0.plusSeconds(15 * 60))).isZero();
    }

    @Test
    void aDayIsCountedInAtMost1440SlotsAndLongerAgesInCoarserOnes() {
        IssuedSessions day = new IssuedSessions(Duration.ofHours(24));
        IssuedSessions week = new IssuedSessions(Duration.ofDays(7));
        for (int hour = 0; hour < 24; hour++) {
            day.issued(T0.plusSeconds(hour * 3600L));
            week.issued(T0.plusSeconds(hour * 3600L));
        }
        assertThat(day.count(T0.plusSeconds(23 * 3600L))).isEqualTo(24);
        assertThat(day.count(T0.plusSeconds(24 * 3600L + 60))).isEqualTo(23);
        assertThat(week.count(T0.plusSeconds(6 * 86400L))).isEqualTo(24);
    }

    @Test
    void activeSessionsAreIssuedOnesLessTerminatedOnes() throws Exception {
        java.time.Clock clock = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
        Sessions sessions = new SessionsFactory() {
            { setKey("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="); }
        }.build(clock);
        String first = sessions.issue("demo", null, 1L);
        sessions.issue("demo", null, 1L);
        assertThat(sessions.active()).isEqualTo(2);
        sessions.terminate(first);
        assertThat(sessions.active()).isEqualTo(1);
        assertThat(sessions.terminatedCount()).isEqualTo(1);
    }
}
