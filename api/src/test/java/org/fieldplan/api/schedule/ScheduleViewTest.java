package org.fieldplan.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** When two working intervals can put one technician in two places at once. June 2026: the 1st is a Monday. */
class ScheduleViewTest {

    private static ScheduleView dated(String date, String start, String end) {
        return new ScheduleView(1, 1L, null, null, LocalDate.parse(date), null, null, null,
                LocalTime.parse(start), LocalTime.parse(end), null, 0);
    }

    private static ScheduleView weekly(DayOfWeek day, String from, String until, String start, String end) {
        return new ScheduleView(2, 1L, null, null, null, day, from == null ? null : LocalDate.parse(from),
                until == null ? null : LocalDate.parse(until), LocalTime.parse(start), LocalTime.parse(end), null, 0);
    }

    @Test
    void aDateSharesADayWithAWeeklyIntervalOnlyOnItsWeekdayWithinItsValidity() {
        ScheduleView mondaysInJune = weekly(DayOfWeek.MONDAY, "2026-06-01", "2026-06-30", "08:00", "12:00");

        assertThat(dated("2026-06-15", "11:00", "15:00").sharesADayWith(mondaysInJune)).isTrue();
        assertThat(mondaysInJune.sharesADayWith(dated("2026-06-15", "11:00", "15:00"))).isTrue();
        assertThat(dated("2026-06-16", "11:00", "15:00").sharesADayWith(mondaysInJune)).as("a Tuesday").isFalse();
        assertThat(dated("2026-07-06", "11:00", "15:00").sharesADayWith(mondaysInJune)).as("a Monday in July").isFalse();
    }

    @Test
    void weeklyIntervalsShareADayWhenTheirPeriodsHoldThatWeekdayInCommon() {
        ScheduleView mondays = weekly(DayOfWeek.MONDAY, null, null, "08:00", "12:00");

        assertThat(weekly(DayOfWeek.MONDAY, "2026-06-01", "2026-06-07", "09:00", "10:00").sharesADayWith(mondays)).isTrue();
        assertThat(weekly(DayOfWeek.TUESDAY, null, null, "09:00", "10:00").sharesADayWith(mondays)).isFalse();
        // 2-5 June holds no Monday, so two Monday intervals limited to it never meet
        ScheduleView tuesdayToFriday = weekly(DayOfWeek.MONDAY, "2026-06-02", "2026-06-05", "09:00", "10:00");
        assertThat(tuesdayToFriday.sharesADayWith(weekly(DayOfWeek.MONDAY, "2026-06-01", "2026-06-30", "09:00", "10:00"))).isFalse();
        // disjoint periods
        assertThat(weekly(DayOfWeek.MONDAY, "2026-06-01", "2026-06-08", "09:00", "10:00")
                .sharesADayWith(weekly(DayOfWeek.MONDAY, "2026-06-09", "2026-06-30", "09:00", "10:00"))).isFalse();
    }

    @Test
    void touchingTimesDoNotOverlap() {
        assertThat(dated("2026-06-15", "08:00", "12:00").timesOverlap(dated("2026-06-15", "12:00", "16:00"))).isFalse();
        assertThat(dated("2026-06-15", "08:00", "12:01").timesOverlap(dated("2026-06-15", "12:00", "16:00"))).isTrue();
        assertThat(dated("2026-06-15", "09:00", "10:00").timesOverlap(dated("2026-06-15", "08:00", "16:00"))).isTrue();
    }
}
