package org.fieldplan.geo.problem;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.fieldplan.geo.zone.ServiceZone;
import org.jspecify.annotations.Nullable;

/**
 * The wire model of a problem file after reading and validation: every reference resolves, every time is a
 * local date-time, every number is in range. Still free of engine types; {@link ProblemAssembler} turns it into
 * the engine's planning model. The format is described in {@code docs/problem-format.md}.
 *
 * @param name        a label for the problem (defaults to the file name)
 * @param timeZone    the company's time zone (IANA id), recorded in the solution; all times are local wall-clock
 * @param origin      midnight of the plan's first day; engine times are seconds since then
 * @param zones       the zones of the {@code zones} FeatureCollection, in file order (empty when there are none)
 * @param warnings    things that are allowed but probably unintended (e.g. overlapping shifts of one technician)
 */
public record ProblemSpec(
        String name,
        @Nullable String timeZone,
        LocalDate origin,
        TravelSpec travel,
        List<TechnicianSpec> technicians,
        List<ShiftSpec> shifts,
        List<ServiceZone> zones,
        List<VisitSpec> visits,
        List<ProblemError> warnings) {

    public ProblemSpec {
        warnings = List.copyOf(warnings);
        technicians = List.copyOf(technicians);
        shifts = List.copyOf(shifts);
        zones = List.copyOf(zones);
        visits = List.copyOf(visits);
    }

    /** A place: coordinates, a row/column of an explicit travel matrix, or both. */
    public record PlaceSpec(@Nullable Double lat, @Nullable Double lon, @Nullable Integer matrixIndex) {
        public boolean hasCoordinates() {
            return lat != null && lon != null;
        }
    }

    public record TechnicianSpec(String id, String name, List<String> skills, PlaceSpec home) {
        public TechnicianSpec {
            skills = List.copyOf(skills);
        }
    }

    /**
     * A technician's working day.
     *
     * @param start       when the shift starts (the technician leaves the start place)
     * @param end         the latest time the route may end (back at the end place)
     * @param nominalEnd  the planned end; working past it is overtime (equals {@code end} when not given)
     * @param startPlace  where the shift starts, or {@code null} for the technician's home
     * @param endPlace    where the shift ends, or {@code null} for the technician's home
     * @param capacity    the most total demand the route may carry, or {@code -1} for no limit
     */
    public record ShiftSpec(
            String id,
            String technician,
            LocalDate date,
            LocalDateTime start,
            LocalDateTime end,
            LocalDateTime nominalEnd,
            @Nullable PlaceSpec startPlace,
            @Nullable PlaceSpec endPlace,
            List<ZoneSegmentSpec> zones,
            List<BreakSpec> breaks,
            int capacity) {
        public ShiftSpec {
            zones = List.copyOf(zones);
            breaks = List.copyOf(breaks);
        }
    }

    /** The shift serves {@code zone} from {@code start} to {@code end}. */
    public record ZoneSegmentSpec(String zone, LocalDateTime start, LocalDateTime end) {}

    /** A break of {@code durationSeconds} taken within [earliestStart, latestEnd]; fixed when the span equals it. */
    public record BreakSpec(LocalDateTime earliestStart, LocalDateTime latestEnd, int durationSeconds) {}

    /** A window for the start of the service. */
    public record WindowSpec(LocalDateTime start, LocalDateTime end) {}

    /** Pins a visit to a shift at a position in its route; pinned visits never move. */
    public record PinSpec(String shift, int position) {}

    /**
     * A visit to plan.
     *
     * @param windows  windows for the service start; empty means any time within a shift
     * @param zones    zones named explicitly in the file; when empty, zones are found from the location
     * @param deadline the service must end by then, or {@code null} for none
     * @param team     for work that needs several technicians at once, the skills of each person (2 or more
     *                 entries); empty for one technician (whose skills are {@code skills})
     */
    public record VisitSpec(
            String id,
            String label,
            PlaceSpec location,
            int serviceSeconds,
            List<WindowSpec> windows,
            List<String> skills,
            int priority,
            @Nullable LocalDateTime deadline,
            @Nullable String preferredTechnician,
            int demand,
            List<String> zones,
            @Nullable PinSpec pin,
            List<List<String>> team) {
        public VisitSpec {
            windows = List.copyOf(windows);
            skills = List.copyOf(skills);
            zones = List.copyOf(zones);
            team = team.stream().map(List::copyOf).toList();
        }
    }

    /** How travel times are obtained. */
    public sealed interface TravelSpec {
        /** Great-circle distance times a detour factor, driven at a constant speed. */
        record StraightLine(double speedKmh, double detourFactor) implements TravelSpec {}

        /**
         * An explicit matrix, row-major, {@code size * size} entries; {@code -1} marks an unreachable pair.
         * Metres are all zero when the file gives none.
         */
        record Matrix(int size, int[] seconds, int[] metres) implements TravelSpec {}
    }
}
