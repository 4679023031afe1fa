package org.fieldplan.api.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.fieldplan.api.booking.BookingMessages.Day;
import org.fieldplan.api.booking.BookingMessages.Slot;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.slots.Insertion;
import org.fieldplan.engine.slots.Unavailability;
import org.fieldplan.engine.slots.WindowAnswer;
import org.fieldplan.engine.slots.WindowSearchResult;
import org.junit.jupiter.api.Test;

class WindowAnswersTest {

    private static final LocalDate MON = LocalDate.of(2026, 3, 2);
    private static final DailyWindow EIGHT = new DailyWindow(LocalTime.of(8, 0), LocalTime.of(10, 0));
    private static final DailyWindow TEN = new DailyWindow(LocalTime.of(10, 0), LocalTime.of(12, 0));
    private static final DailyWindow TWELVE = new DailyWindow(LocalTime.of(12, 0), LocalTime.of(14, 0));

    private static WindowAnswer free(LocalDate day, DailyWindow w, int rank, int travelSeconds) {
        return new WindowAnswer(day, w, 0, 0, new Insertion("s1", "t1", 0, 0, travelSeconds, 0, 0), 0, rank, null, null);
    }

    private static WindowAnswer none(LocalDate day, DailyWindow w, Unavailability why) {
        return new WindowAnswer(day, w, 0, 0, null, 0, 0, why, null);
    }

    @Test
    void begunWindowsOfTodayAndEarlierDaysArePast() {
        WindowSearchResult r = WindowAnswers.withPast(new WindowSearchResult(List.of(free(MON.minusDays(1), TWELVE, 1, 0),
                free(MON, EIGHT, 1, 0), free(MON, TEN, 2, 0), free(MON, TWELVE, 3, 0))), MON, LocalTime.of(10, 0));
        assertThat(r.answers()).extracting(WindowAnswers::code).containsExactly("PAST", "PAST", "PAST", "FULL");
        assertThat(r.answers().get(3).available()).isTrue();
    }

    @Test
    void codesNameTheEngineReason() {
        assertThat(WindowAnswers.code(none(MON, EIGHT, Unavailability.NO_SKILL))).isEqualTo("NO_SKILL");
        assertThat(WindowAnswers.code(none(MON, EIGHT, null))).isEqualTo("FULL");
    }

    @Test
    void daysListWindowsInTimeOrderWithReasonsInTheCallersLanguage() {
        List<Day> days = WindowAnswers.days(new WindowSearchResult(List.of(none(MON.plusDays(1), TEN, Unavailability.NO_SHIFT),
                free(MON, TEN, 1, 150), none(MON, EIGHT, Unavailability.FULL))), "Boiler service", new BookingTexts("ru"));
        assertThat(days).extracting(Day::date).containsExactly(MON, MON.plusDays(1));
        assertThat(days.get(0).windows()).extracting(BookingMessages.Window::start).containsExactly("08:00", "10:00");
        assertThat(days.get(0).windows().get(1).addedTravelMinutes()).isEqualTo(3);
        assertThat(days.get(0).windows().get(0).reason()).isEqualTo("Всё занято");
        assertThat(days.get(1).windows().get(0).reasonCode()).isEqualTo("NO_SHIFT");
    }

    @Test
    void alternativesAreTheNearestOtherFreeWindows() {
        List<WindowAnswer> answers = List.of(free(MON, TEN, 1, 0), free(MON, EIGHT, 2, 0), free(MON.plusDays(3), TEN, 1, 0),
                free(MON.plusDays(1), TWELVE, 1, 0), none(MON, TWELVE, Unavailability.FULL));
        List<Slot> alt = WindowAnswers.alternatives(answers, MON, TEN);
        assertThat(alt).containsExactly(new Slot(MON, "08:00", "10:00"), new Slot(MON.plusDays(1), "12:00", "14:00"),
                new Slot(MON.plusDays(3), "10:00", "12:00"));
        assertThat(WindowAnswers.earliest(answers)).isEqualTo(answers.get(1));
    }

    @Test
    void aWindowIsFoundByItsStartWithOrWithoutMinutes() {
        List<DailyWindow> offered = List.of(EIGHT, TEN);
        assertThat(WindowAnswers.startingAt(offered, "10:00")).isEqualTo(TEN);
        assertThat(WindowAnswers.startingAt(offered, " 08:00 ")).isEqualTo(EIGHT);
        assertThat(WindowAnswers.startingAt(offered, "09:00")).isNull();
        assertThat(WindowAnswers.startingAt(offered, null)).isNull();
    }
}
