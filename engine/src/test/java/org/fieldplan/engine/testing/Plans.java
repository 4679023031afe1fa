package org.fieldplan.engine.testing;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.domain.ZoneSegment;
import org.fieldplan.engine.travel.TravelMatrix;
import org.jspecify.annotations.Nullable;

/**
 * Small hand-checkable plans: locations 0..n-1 on a line, 600 s and 5,000 m per step between neighbours
 * (so travel from i to j is |i - j| * 600 s). Location 0 is the depot where shifts start and end.
 */
public final class Plans {

    public static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    public static final LocalDateTime ORIGIN = DAY.atStartOfDay();
    public static final int STEP_SECONDS = 600;
    public static final int STEP_METRES = 5_000;
    public static final int SIZE = 10;

    private Plans() {
    }

    public static long h(double hours) {
        return Math.round(hours * 3600);
    }

    /** Seconds of the clock time hh:mm on day {@code dayIndex} (0 = the origin's day). */
    public static long at(int dayIndex, int hour, int minute) {
        return dayIndex * 86_400L + hour * 3600L + minute * 60L;
    }

    public static long at(int hour, int minute) {
        return at(0, hour, minute);
    }

    public static TravelMatrix line(int size) {
        int[] seconds = new int[size * size];
        int[] metres = new int[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                seconds[i * size + j] = Math.abs(i - j) * STEP_SECONDS;
                metres[i * size + j] = Math.abs(i - j) * STEP_METRES;
            }
        }
        return TravelMatrix.of(size, seconds, metres);
    }

    public static Location loc(int index) {
        return new Location(index, 35.90, 14.40 + index * 0.01);
    }

    public static Technician tech(String id, String... skills) {
        Set<Skill> set = new HashSet<>();
        for (String s : skills) {
            set.add(new Skill(s));
        }
        return new Technician(id, "Technician " + id, set, loc(0));
    }

    public static ShiftBuilder shift(String id, Technician technician) {
        return new ShiftBuilder(id, technician);
    }

    public static VisitBuilder visit(String id, int location) {
        return new VisitBuilder(id, location);
    }

    /** A plan over the {@link #line(int)} matrix of {@link #SIZE} locations. */
    public static FieldPlan plan(List<Shift> shifts, List<Visit> visits) {
        return plan(shifts, visits, line(SIZE));
    }

    public static FieldPlan plan(List<Shift> shifts, List<Visit> visits, TravelMatrix matrix) {
        Set<Technician> technicians = new java.util.LinkedHashSet<>();
        Set<Zone> zones = new java.util.LinkedHashSet<>();
        for (Shift s : shifts) {
            technicians.add(s.getTechnician());
            s.getZoneSegments().forEach(z -> zones.add(z.zone()));
        }
        for (Visit v : visits) {
            zones.addAll(v.getZones());
        }
        return new FieldPlan(ORIGIN, new ArrayList<>(technicians), new ArrayList<>(zones), shifts, visits, matrix);
    }

    public static final class ShiftBuilder {
        private final String id;
        private final Technician technician;
        private int dayIndex = 0;
        private long start = at(8, 0);
        private long nominalEnd = at(16, 0);
        private long latestEnd = at(18, 0);
        private final List<ZoneSegment> segments = new ArrayList<>();
        private final List<ShiftBreak> breaks = new ArrayList<>();
        private int capacity = Shift.NO_CAPACITY;
        private final List<Visit> route = new ArrayList<>();

        ShiftBuilder(String id, Technician technician) {
            this.id = id;
            this.technician = technician;
        }

        /** Day offset; also moves the default times to that day. */
        public ShiftBuilder day(int dayIndex) {
            long shiftBy = (dayIndex - this.dayIndex) * 86_400L;
            this.dayIndex = dayIndex;
            start += shiftBy;
            nominalEnd += shiftBy;
            latestEnd += shiftBy;
            return this;
        }

        public ShiftBuilder times(long start, long nominalEnd, long latestEnd) {
            this.start = start;
            this.nominalEnd = nominalEnd;
            this.latestEnd = latestEnd;
            return this;
        }

        public ShiftBuilder zone(Zone zone, long from, long to) {
            segments.add(new ZoneSegment(zone, from, to));
            return this;
        }

        public ShiftBuilder lunch(long earliestStart, long latestEnd, long duration) {
            breaks.add(new ShiftBreak(earliestStart, latestEnd, duration));
            return this;
        }

        public ShiftBuilder capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        public ShiftBuilder route(Visit... visits) {
            route.addAll(Arrays.asList(visits));
            return this;
        }

        public Shift build() {
            Shift shift = new Shift(id, technician, DAY.plusDays(dayIndex), loc(0), loc(0), start, nominalEnd,
                    latestEnd, segments, breaks, capacity);
            shift.getVisits().addAll(route);
            return shift;
        }
    }

    public static final class VisitBuilder {
        private final String id;
        private final int location;
        private long duration = 1800;
        private final List<TimeWindow> windows = new ArrayList<>();
        private final Set<Skill> skills = new HashSet<>();
        private final Set<Zone> zones = new HashSet<>();
        private int priority = 1;
        private long deadline = Visit.NO_DEADLINE;
        private @Nullable Technician preferred;
        private int demand;

        VisitBuilder(String id, int location) {
            this.id = id;
            this.location = location;
        }

        public VisitBuilder duration(long seconds) {
            this.duration = seconds;
            return this;
        }

        public VisitBuilder window(long start, long end) {
            windows.add(new TimeWindow(start, end));
            return this;
        }

        public VisitBuilder skills(String... codes) {
            for (String c : codes) {
                skills.add(new Skill(c));
            }
            return this;
        }

        public VisitBuilder zones(Zone... zs) {
            zones.addAll(Arrays.asList(zs));
            return this;
        }

        public VisitBuilder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public VisitBuilder deadline(long deadline) {
            this.deadline = deadline;
            return this;
        }

        public VisitBuilder preferred(Technician technician) {
            this.preferred = technician;
            return this;
        }

        public VisitBuilder demand(int demand) {
            this.demand = demand;
            return this;
        }

        public Visit build() {
            return new Visit(id, "Visit " + id, loc(location), duration, windows, skills, zones, priority, deadline,
                    preferred, demand);
        }
    }
}
