package org.fieldplan.geo.problem;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitGroup;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.domain.ZoneSegment;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.StraightLineTravelTimes;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.engine.travel.TravelTimes;
import org.fieldplan.geo.problem.ProblemSpec.BreakSpec;
import org.fieldplan.geo.problem.ProblemSpec.PlaceSpec;
import org.fieldplan.geo.problem.ProblemSpec.ShiftSpec;
import org.fieldplan.geo.problem.ProblemSpec.TechnicianSpec;
import org.fieldplan.geo.problem.ProblemSpec.TravelSpec;
import org.fieldplan.geo.problem.ProblemSpec.VisitSpec;
import org.fieldplan.geo.problem.ProblemSpec.WindowSpec;
import org.fieldplan.geo.problem.ProblemSpec.ZoneSegmentSpec;
import org.fieldplan.geo.road.LocationsOffRoadException;
import org.fieldplan.geo.road.OffRoadLocation;
import org.fieldplan.geo.zone.ServiceZone;
import org.fieldplan.geo.zone.ZoneIndex;
import org.jspecify.annotations.Nullable;

/**
 * Turns a validated {@link ProblemSpec} into the engine's {@link FieldPlan}: times become seconds since the
 * origin, places get an index into the travel matrix (one index per distinct place), the matrix is built once
 * (from coordinates by the given {@link TravelTimes}, or taken from the file), and the zones of each visit are
 * resolved once with a {@link ZoneIndex} unless the file names them. Pinned visits become the pinned prefix of
 * their shift's route, after which a warm start (routes of a previous solution) fills in the rest.
 */
public final class ProblemAssembler {

    /**
     * @param plan     the planning problem, ready to solve
     * @param warnings things the assembly skipped or guessed (e.g. warm-start visits no longer in the problem)
     */
    public record Assembly(ProblemSpec spec, FieldPlan plan, List<ProblemError> warnings) {
        public Assembly {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Assembles with the travel the file asks for: its matrix, or straight lines at its speed and detour factor.
     */
    public Assembly assemble(ProblemSpec spec, @Nullable WarmStart warmStart) throws ProblemFormatException {
        return assemble(spec, null, warmStart);
    }

    /**
     * Assembles the plan.
     *
     * @param roadTravel travel times from a road network, used instead of straight lines; {@code null} for the
     *                   file's own travel settings. Not allowed with a file that has an explicit matrix.
     * @param warmStart  routes of a previous solution to start from, or {@code null}
     * @throws ProblemFormatException when places lie too far from the road network, each named by its path
     */
    public Assembly assemble(ProblemSpec spec, @Nullable TravelTimes roadTravel, @Nullable WarmStart warmStart)
            throws ProblemFormatException {
        if (roadTravel != null && spec.travel() instanceof TravelSpec.Matrix) {
            throw new IllegalArgumentException("The problem (" + spec.name() + ") has an explicit travel matrix;"
                    + " a road network cannot be used with it. Drop the road network or the file's \"travel.matrix\".");
        }
        LocalDateTime origin = spec.origin().atStartOfDay();
        Places places = new Places(spec.travel() instanceof TravelSpec.Matrix);

        Map<String, Skill> skills = new HashMap<>();
        Map<String, Technician> technicians = new LinkedHashMap<>();
        for (int i = 0; i < spec.technicians().size(); i++) {
            TechnicianSpec t = spec.technicians().get(i);
            technicians.put(t.id(), new Technician(t.id(), t.name(), skillSet(t.skills(), skills),
                    places.location(t.home(), "technicians[" + i + "].home")));
        }

        Map<String, Zone> zones = new LinkedHashMap<>();
        for (ServiceZone zone : spec.zones()) {
            zones.put(zone.id(), new Zone(zone.id(), zone.name()));
        }
        ZoneIndex zoneIndex = spec.zones().isEmpty() ? null : new ZoneIndex(spec.zones());

        Map<String, Shift> shifts = new LinkedHashMap<>();
        for (int i = 0; i < spec.shifts().size(); i++) {
            ShiftSpec s = spec.shifts().get(i);
            Technician technician = technicians.get(s.technician());
            Location start = s.startPlace() != null
                    ? places.location(s.startPlace(), "shifts[" + i + "].startLocation") : technician.home();
            Location end = s.endPlace() != null
                    ? places.location(s.endPlace(), "shifts[" + i + "].endLocation") : technician.home();
            List<ZoneSegment> segments = new ArrayList<>();
            for (ZoneSegmentSpec segment : s.zones()) {
                segments.add(new ZoneSegment(zones.get(segment.zone()), seconds(origin, segment.start()),
                        seconds(origin, segment.end())));
            }
            List<ShiftBreak> breaks = new ArrayList<>();
            for (BreakSpec b : s.breaks()) {
                breaks.add(new ShiftBreak(seconds(origin, b.earliestStart()), seconds(origin, b.latestEnd()),
                        b.durationSeconds()));
            }
            shifts.put(s.id(), new Shift(s.id(), technician, s.date(), start, end, seconds(origin, s.start()),
                    seconds(origin, s.nominalEnd()), seconds(origin, s.end()), segments, breaks, s.capacity()));
        }

        Map<String, Visit> visits = new LinkedHashMap<>();
        for (int i = 0; i < spec.visits().size(); i++) {
            VisitSpec v = spec.visits().get(i);
            Location location = places.location(v.location(), "visits[" + i + "].location");
            List<TimeWindow> windows = new ArrayList<>();
            for (WindowSpec w : v.windows()) {
                windows.add(new TimeWindow(seconds(origin, w.start()), seconds(origin, w.end())));
            }
            Set<Zone> visitZones = new LinkedHashSet<>();
            if (!v.zones().isEmpty()) {
                for (String zone : v.zones()) {
                    visitZones.add(zones.get(zone));
                }
            } else if (zoneIndex != null && v.location().hasCoordinates()) {
                for (ServiceZone zone : zoneIndex.zonesAt(v.location().lat(), v.location().lon())) {
                    visitZones.add(zones.get(zone.id()));
                }
            }
            Technician preferred = v.preferredTechnician() == null ? null : technicians.get(v.preferredTechnician());
            long deadline = v.deadline() == null ? Visit.NO_DEADLINE : seconds(origin, v.deadline());
            if (!v.team().isEmpty()) {
                // one visit per person (ids id#1..#n), starting together at the first window's start
                List<Set<Skill>> perPerson = new ArrayList<>();
                for (List<String> personSkills : v.team()) {
                    perPerson.add(skillSet(personSkills, skills));
                }
                for (Visit member : VisitGroup.members(v.id(), v.label(), location, v.serviceSeconds(),
                        VisitGroup.startInside(windows, 0), perPerson, visitZones, v.priority(), deadline)) {
                    visits.put(member.getId(), member);
                }
                continue;
            }
            visits.put(v.id(), new Visit(v.id(), v.label(), location, v.serviceSeconds(), windows,
                    skillSet(v.skills(), skills), visitZones, v.priority(), deadline, preferred, v.demand()));
        }

        List<ProblemError> warnings = new ArrayList<>();
        routes(spec, shifts, visits, warmStart, warnings);

        TravelMatrix matrix = switch (spec.travel()) {
            case TravelSpec.Matrix m -> TravelMatrix.of(m.size(), m.seconds().clone(), m.metres().clone());
            case TravelSpec.StraightLine line -> roadTravel == null
                    ? new StraightLineTravelTimes(line.speedKmh(), line.detourFactor()).matrix(places.points())
                    : roadMatrix(spec, roadTravel, places);
        };
        FieldPlan plan = new FieldPlan(origin, List.copyOf(technicians.values()), List.copyOf(zones.values()),
                List.copyOf(shifts.values()), List.copyOf(visits.values()), matrix);
        return new Assembly(spec, plan, warnings);
    }

    private static TravelMatrix roadMatrix(ProblemSpec spec, TravelTimes roadTravel, Places places)
            throws ProblemFormatException {
        try {
            return roadTravel.matrix(places.points());
        } catch (LocationsOffRoadException e) {
            List<ProblemError> errors = new ArrayList<>();
            for (OffRoadLocation off : e.locations()) {
                String where = "(lat " + off.lat() + ", lon " + off.lon() + ") ";
                String what = off.noRoadFound() ? where + "cannot be placed: the map has no road this profile may use"
                        : where + "is " + Math.round(off.distanceMetres()) + " m from the nearest road of "
                                + roadTravel + "; check the coordinates (latitude first?) or that the place lies"
                                + " inside the extract";
                for (String path : places.paths(off.index())) {
                    errors.add(new ProblemError(path, what));
                }
            }
            throw new ProblemFormatException(spec.name(), errors);
        }
    }

    /** Pinned visits first (by position), then the warm start's visits in its order. */
    private static void routes(ProblemSpec spec, Map<String, Shift> shifts, Map<String, Visit> visits,
            @Nullable WarmStart warmStart, List<ProblemError> warnings) {
        Map<String, List<Visit>> routes = new LinkedHashMap<>();
        Map<String, Integer> pinnedCounts = new HashMap<>();
        Set<Visit> placed = new java.util.HashSet<>();
        List<VisitSpec> pinned = spec.visits().stream().filter(v -> v.pin() != null)
                .sorted(java.util.Comparator.comparingInt(v -> v.pin().position())).toList();
        for (VisitSpec v : pinned) {
            routes.computeIfAbsent(v.pin().shift(), k -> new ArrayList<>()).add(visits.get(v.id()));
            pinnedCounts.merge(v.pin().shift(), 1, Integer::sum);
            placed.add(visits.get(v.id()));
        }
        if (warmStart != null) {
            for (Map.Entry<String, List<String>> route : warmStart.routes().entrySet()) {
                if (!shifts.containsKey(route.getKey())) {
                    warnings.add(new ProblemError("", "shift \"" + route.getKey() + "\" is not in the"
                            + " problem any more; its " + route.getValue().size() + " visit(s) start unassigned"));
                    continue;
                }
                for (String visitId : route.getValue()) {
                    Visit visit = visits.get(visitId);
                    if (visit == null) {
                        warnings.add(new ProblemError("", "visit \"" + visitId + "\" (in shift \""
                                + route.getKey() + "\") is not in the problem any more; skipped"));
                    } else if (placed.add(visit)) {
                        routes.computeIfAbsent(route.getKey(), k -> new ArrayList<>()).add(visit);
                    }
                }
            }
        }
        for (Map.Entry<String, List<Visit>> route : routes.entrySet()) {
            Shift shift = shifts.get(route.getKey());
            shift.setVisits(new ArrayList<>(route.getValue()));
            shift.pinVisits(pinnedCounts.getOrDefault(route.getKey(), 0));
        }
    }

    private static Set<Skill> skillSet(List<String> codes, Map<String, Skill> skills) {
        Set<Skill> set = new LinkedHashSet<>();
        for (String code : codes) {
            set.add(skills.computeIfAbsent(code, Skill::new));
        }
        return set;
    }

    static long seconds(LocalDateTime origin, LocalDateTime time) {
        return Duration.between(origin, time).toSeconds();
    }

    /**
     * Gives each distinct place one matrix index. With an explicit matrix the index is the file's
     * {@code matrixIndex}; otherwise places with equal coordinates share an index.
     */
    private static final class Places {
        private final boolean explicitMatrix;
        private final Map<GeoPoint, Location> byPoint = new HashMap<>();
        private final List<GeoPoint> points = new ArrayList<>();
        private final List<List<String>> paths = new ArrayList<>();

        Places(boolean explicitMatrix) {
            this.explicitMatrix = explicitMatrix;
        }

        Location location(PlaceSpec place, String path) {
            if (explicitMatrix) {
                double lat = place.lat() != null ? place.lat() : Double.NaN;
                double lon = place.lon() != null ? place.lon() : Double.NaN;
                return new Location(place.matrixIndex(), lat, lon);
            }
            GeoPoint point = new GeoPoint(place.lat(), place.lon());
            Location location = byPoint.computeIfAbsent(point, p -> {
                points.add(p);
                paths.add(new ArrayList<>());
                return new Location(points.size() - 1, p.lat(), p.lon());
            });
            paths.get(location.index()).add(path);
            return location;
        }

        /** The JSON paths of the places that share matrix index {@code index}. */
        List<String> paths(int index) {
            return index < paths.size() ? paths.get(index) : List.of("place " + index);
        }

        List<GeoPoint> points() {
            return points;
        }
    }
}
