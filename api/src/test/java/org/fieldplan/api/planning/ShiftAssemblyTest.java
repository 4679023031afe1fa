package org.fieldplan.api.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.planning.LoadedPlan.ShiftKey;
import org.fieldplan.api.schedule.WorkingInterval;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.domain.ZoneSegment;
import org.junit.jupiter.api.Test;

/** Shifts from working intervals without a database; the plan starts the day before, so the day's 00:00 is 86,400 s. */
class ShiftAssemblyTest {

    static final LocalDate DAY = LocalDate.of(2026, 6, 2);
    static final Technician ANNA = new Technician("7", "Anna", Set.of(), new Location(0, 35.9, 14.5));
    static final Zone NORTH = new Zone("1", "North");
    static final Zone SOUTH = new Zone("2", "South");
    static final Map<Long, Zone> ZONES = new LinkedHashMap<>();

    static {
        ZONES.put(1L, NORTH);
        ZONES.put(2L, SOUTH);
    }
    static final PlanningProperties SETTINGS = new PlanningProperties(30, LocalTime.of(12, 0), LocalTime.of(14, 30), 360, 60, 1, 1500,
            org.fieldplan.engine.partition.PartitionSettings.DEFAULT_MAX_VISITS_PER_PART);

    static long at(int hour, int minute) {
        return 86_400L + hour * 3600L + minute * 60L;
    }

    static WorkingInterval interval(int from, int to, Long zone) {
        return new WorkingInterval(7, DAY, LocalTime.of(from, 0), LocalTime.of(to, 0), zone, 1);
    }

    static Shift shift(List<WorkingInterval> intervals) {
        return ShiftAssembly.shift(new ShiftKey(7, DAY), intervals, ANNA, DAY.minusDays(1).atStartOfDay(), ZONES, SETTINGS);
    }

    @Test
    void aLongDayWithoutAGapGetsAFloatingLunchAndServesEveryZone() {
        Shift s = shift(List.of(interval(8, 16, null)));

        assertThat(s.getId()).isEqualTo("t7-" + DAY);
        assertThat(s.getStartTime()).isEqualTo(at(8, 0));
        assertThat(s.getNominalEnd()).isEqualTo(at(16, 0));
        assertThat(s.getLatestEnd()).isEqualTo(at(17, 0)); // one hour of overtime
        assertThat(s.getBreaks()).containsExactly(new ShiftBreak(at(12, 0), at(14, 30), 1800));
        assertThat(s.getZoneSegments()).isEmpty();
        assertThat(s.getStartLocation()).isEqualTo(ANNA.home());
    }

    @Test
    void aGapBetweenIntervalsIsAFixedBreakAndZonedIntervalsAreSegments() {
        Shift s = shift(List.of(interval(13, 17, 2L), interval(8, 12, 1L)));

        assertThat(s.getStartTime()).isEqualTo(at(8, 0));
        assertThat(s.getNominalEnd()).isEqualTo(at(17, 0));
        // the hour between is the break; it is longer than the lunch, so no floating lunch
        assertThat(s.getBreaks()).containsExactly(new ShiftBreak(at(12, 0), at(13, 0), 3600));
        assertThat(s.getZoneSegments()).containsExactly(new ZoneSegment(NORTH, at(8, 0), at(12, 0)),
                new ZoneSegment(SOUTH, at(13, 0), at(17, 0)));
    }

    @Test
    void anUnzonedIntervalOnAZonedDayServesEveryZoneThenAndTouchingIntervalsMerge() {
        Shift s = shift(List.of(interval(8, 10, 1L), interval(10, 12, null)));

        assertThat(s.getBreaks()).isEmpty(); // 4 h: no lunch, no gap
        assertThat(s.getZoneSegments()).containsExactly(new ZoneSegment(NORTH, at(8, 0), at(10, 0)),
                new ZoneSegment(NORTH, at(10, 0), at(12, 0)), new ZoneSegment(SOUTH, at(10, 0), at(12, 0)));
    }

    @Test
    void noIntervalIsAMistakeNamingTheTechnicianAndDay() {
        assertThatThrownBy(() -> shift(List.of())).hasMessageContaining("Technician 7").hasMessageContaining(DAY.toString());
    }
}
