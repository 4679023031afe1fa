package org.fieldplan.api.planning;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.planning.LoadedPlan.ShiftKey;
import org.fieldplan.api.schedule.WorkingInterval;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.domain.ZoneSegment;

/**
 * A technician's working day as an engine {@link Shift}, from their working intervals of that day. Pure: the
 * {@link PlanningProblems} reads the intervals, this builds the shift.
 * <ul>
 * <li>The shift runs from the first interval's start to the last one's end, from and back to the technician's home;
 * the latest end adds the configured overtime.</li>
 * <li>Gaps between (merged) intervals are fixed breaks; a shift longer than {@code lunchAfterMinutes} without a gap
 * as long as the lunch gets a floating lunch between {@code lunchEarliest} and {@code lunchLatestEnd}.</li>
 * <li>When an interval names a zone, the intervals become zone segments (an interval without a zone on such a day
 * serves every zone); a day with no zoned interval has no segments (every zone at any time).</li>
 * </ul>
 */
final class ShiftAssembly {

    private ShiftAssembly() {
    }

    /** @param intervals at least one; {@code origin} is the plan's origin (midnight of its first day) */
    static Shift shift(ShiftKey key, List<WorkingInterval> intervals, Technician technician, LocalDateTime origin,
            Map<Long, Zone> zones, PlanningProperties settings) {
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("Technician " + technician.id() + " has no working interval on " + key.day()
                    + "; a shift needs at least one.");
        }
        List<long[]> spans = new ArrayList<>(); // merged [start, end]
        List<WorkingInterval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(WorkingInterval::start));
        for (WorkingInterval i : sorted) {
            long s = seconds(origin, key.day(), i.start());
            long e = seconds(origin, key.day(), i.end());
            if (!spans.isEmpty() && s <= spans.get(spans.size() - 1)[1]) {
                spans.get(spans.size() - 1)[1] = Math.max(spans.get(spans.size() - 1)[1], e);
            } else {
                spans.add(new long[] {s, e});
            }
        }
        long start = spans.get(0)[0];
        long end = spans.get(spans.size() - 1)[1];
        List<ShiftBreak> breaks = new ArrayList<>();
        long longestGap = 0;
        for (int i = 1; i < spans.size(); i++) {
            long gapStart = spans.get(i - 1)[1];
            long gapEnd = spans.get(i)[0];
            breaks.add(new ShiftBreak(gapStart, gapEnd, gapEnd - gapStart));
            longestGap = Math.max(longestGap, gapEnd - gapStart);
        }
        long lunch = settings.lunchMinutes() * 60L;
        if (lunch > 0 && end - start > settings.lunchAfterMinutes() * 60L && longestGap < lunch) {
            long earliest = Math.max(start, seconds(origin, key.day(), settings.lunchEarliest()));
            long latest = Math.min(end, seconds(origin, key.day(), settings.lunchLatestEnd()));
            if (latest - earliest >= lunch) {
                breaks.add(new ShiftBreak(earliest, latest, lunch));
            }
        }
        List<ZoneSegment> segments = new ArrayList<>();
        boolean zoned = intervals.stream().anyMatch(i -> i.zoneId() != null);
        if (zoned) {
            for (WorkingInterval i : sorted) {
                long s = seconds(origin, key.day(), i.start());
                long e = seconds(origin, key.day(), i.end());
                if (i.zoneId() != null) {
                    Zone z = zones.get(i.zoneId());
                    if (z != null) {
                        segments.add(new ZoneSegment(z, s, e));
                    }
                } else {
                    zones.values().forEach(z -> segments.add(new ZoneSegment(z, s, e)));
                }
            }
        }
        long latestEnd = end + settings.overtimeMinutes() * 60L;
        Location home = technician.home();
        return new Shift(LoadedPlan.shiftId(key.technicianId(), key.day()), technician, key.day(), home, home, start,
                end, latestEnd, segments, breaks, Shift.NO_CAPACITY);
    }

    static long seconds(LocalDateTime origin, LocalDate day, LocalTime time) {
        return Duration.between(origin, day.atTime(time)).getSeconds();
    }
}
