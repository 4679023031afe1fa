package org.fieldplan.engine.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.loc;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.junit.jupiter.api.Test;

/**
 * {@link Visit#latestServiceStart} (the slack search's backward rule) against the forward rule
 * {@link Visit#earliestServiceStart} and the visit's own predicates: on a 5-minute grid, the latest feasible start
 * at or before t is the largest grid point s <= t from which the forward rule starts at s itself and breaks no rule.
 * Windows, segments, durations and deadlines are multiples of 5 minutes, so the grid holds every end point.
 */
class LatestServiceStartTest {

    private static final Zone NORTH = new Zone("north", "North");
    private static final Zone SOUTH = new Zone("south", "South");
    private static final long STEP = 300;

    @Test
    void mirrorsTheForwardRuleOnRandomVisitsAndShifts() {
        long seed = 77;
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            Shift shift = randomShift(random);
            Visit visit = randomVisit(random);
            long[] feasible = new long[(int) (86_400 / STEP) + 1];
            int n = 0;
            for (long s = 0; s <= 86_400; s += STEP) {
                if (visit.earliestServiceStart(shift, s) == s && visit.secondsLateForWindow(s) == 0
                        && !visit.isOutsideZoneSchedule(shift, s) && visit.secondsAfterDeadline(s) == 0) {
                    feasible[n++] = s;
                }
            }
            int k = -1;
            for (long t = 0; t <= 86_400; t += STEP) {
                while (k + 1 < n && feasible[k + 1] <= t) {
                    k++;
                }
                long expected = k < 0 ? Long.MIN_VALUE : feasible[k];
                assertThat(visit.latestServiceStart(shift, t))
                        .as("seed %d round %d t=%d visit %s windows %s zones %s shift segments %s", seed, round, t,
                                visit.getServiceDuration(), visit.getTimeWindows(), visit.getZones(),
                                shift.getZoneSegments())
                        .isEqualTo(expected);
            }
        }
    }

    private static Shift randomShift(Random random) {
        var b = shift("s", tech("t"));
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> b.zone(NORTH, at(8, 0), at(18, 0));
            case 2 -> b.zone(NORTH, at(8, 0), at(12, 0)).zone(SOUTH, at(12, 0), at(18, 0));
            default -> b.zone(NORTH, at(8, 0), at(15, 0)).zone(SOUTH, at(11, 0), at(17, 0));
        }
        return b.build();
    }

    private static Visit randomVisit(Random random) {
        List<TimeWindow> windows = new ArrayList<>();
        long cursor = at(6, 0);
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            long start = cursor + random.nextInt(24) * STEP;
            long end = start + random.nextInt(30) * STEP;
            windows.add(new TimeWindow(start, end));
            cursor = end + STEP;
        }
        Set<Zone> zones = switch (random.nextInt(4)) {
            case 0 -> Set.of();
            case 1 -> Set.of(NORTH);
            case 2 -> Set.of(SOUTH);
            default -> Set.of(NORTH, SOUTH);
        };
        long deadline = random.nextBoolean() ? Visit.NO_DEADLINE : at(9, 0) + random.nextInt(120) * STEP;
        return new Visit("v", "v", loc(1), (1 + random.nextInt(24)) * STEP, windows, Set.of(), zones, 1, deadline,
                null, 0);
    }
}
