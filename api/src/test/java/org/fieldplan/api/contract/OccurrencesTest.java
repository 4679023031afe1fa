package org.fieldplan.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Set;
import org.fieldplan.api.contract.Occurrences.Frequency;
import org.fieldplan.api.contract.Occurrences.Rule;
import org.fieldplan.api.contract.Occurrences.Season;
import org.junit.jupiter.api.Test;

class OccurrencesTest {

    static final LocalDate JAN_1 = LocalDate.of(2027, 1, 1); // a Friday

    @Test
    void weeklyStartsOnTheFirstSuchWeekdayOfTheContractAndStepsByWholeWeeks() {
        Rule everyMonday = new Rule(Frequency.WEEKLY, DayOfWeek.MONDAY, 1, null, Set.of(), null);
        assertThat(Occurrences.between(everyMonday, JAN_1, null, JAN_1, LocalDate.of(2027, 1, 20)))
                .containsExactly(LocalDate.of(2027, 1, 4), LocalDate.of(2027, 1, 11), LocalDate.of(2027, 1, 18));
        Rule fortnightly = new Rule(Frequency.WEEKLY, DayOfWeek.MONDAY, 2, null, Set.of(), null);
        // asked from the 10th: the fortnight counts from the contract's first Monday (the 4th), so the 18th, not the 11th
        assertThat(Occurrences.between(fortnightly, JAN_1, null, LocalDate.of(2027, 1, 10), LocalDate.of(2027, 2, 1)))
                .containsExactly(LocalDate.of(2027, 1, 18), LocalDate.of(2027, 2, 1));
    }

    @Test
    void monthlyTakesTheMonthsLastDayWhenItIsShorter() {
        Rule the31st = new Rule(Frequency.MONTHLY, null, 1, 31, Set.of(), null);
        assertThat(Occurrences.between(the31st, JAN_1, null, JAN_1, LocalDate.of(2027, 4, 30)))
                .containsExactly(LocalDate.of(2027, 1, 31), LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30));
    }

    @Test
    void givenDatesStayWithinTheContractsPeriodAndTheAskedRange() {
        Rule dates = new Rule(Frequency.DATES, null, 1, null,
                Set.of(LocalDate.of(2026, 12, 30), LocalDate.of(2027, 3, 1), LocalDate.of(2027, 7, 1), LocalDate.of(2027, 2, 1)), null);
        assertThat(Occurrences.between(dates, JAN_1, LocalDate.of(2027, 6, 30), LocalDate.of(2026, 12, 1), LocalDate.of(2027, 12, 31)))
                .containsExactly(LocalDate.of(2027, 2, 1), LocalDate.of(2027, 3, 1));
        assertThat(Occurrences.between(dates, JAN_1, null, LocalDate.of(2027, 2, 2), LocalDate.of(2027, 2, 28))).isEmpty();
    }

    @Test
    void aSeasonKeepsOnlyItsDaysAndMayWrapTheNewYear() {
        Season mowing = new Season(MonthDay.of(4, 1), MonthDay.of(10, 31));
        Rule mow = new Rule(Frequency.MONTHLY, null, 1, 15, Set.of(), mowing);
        assertThat(Occurrences.between(mow, JAN_1, null, JAN_1, LocalDate.of(2027, 12, 31))).hasSize(7)
                .startsWith(LocalDate.of(2027, 4, 15)).endsWith(LocalDate.of(2027, 10, 15));
        Season winter = new Season(MonthDay.of(11, 15), MonthDay.of(2, 28));
        Rule snow = new Rule(Frequency.MONTHLY, null, 1, 20, Set.of(), winter);
        assertThat(Occurrences.between(snow, JAN_1, null, JAN_1, LocalDate.of(2027, 12, 31)))
                .containsExactly(LocalDate.of(2027, 1, 20), LocalDate.of(2027, 2, 20), LocalDate.of(2027, 11, 20), LocalDate.of(2027, 12, 20));
        assertThat(winter.contains(LocalDate.of(2027, 11, 14))).isFalse();
        assertThat(winter.contains(LocalDate.of(2027, 11, 15))).isTrue();
    }
}
