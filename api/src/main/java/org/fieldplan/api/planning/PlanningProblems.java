package org.fieldplan.api.planning;

import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE_SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_ABSENCE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.planning.LoadedPlan.Excluded;
import org.fieldplan.api.planning.LoadedPlan.ShiftKey;
import org.fieldplan.api.planning.VisitAssembly.RequestRow;
import org.fieldplan.api.planning.VisitAssembly.StopRow;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.schedule.ScheduleService;
import org.fieldplan.api.schedule.WorkingInterval;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
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
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.geo.road.OffRoadLocation;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assembles the engine's problem for a {@link PlanScope} from the database.
 * <ul>
 * <li>Shifts: one per active technician and day with working intervals ({@link ScheduleService#workingIntervals}),
 * unless the technician is absent that day; with zones in the scope, only days on which the technician works in one
 * of them (or in no particular zone). The shift runs from the first interval's start to the last one's end, from
 * and back to the technician's home; gaps between intervals are fixed breaks; zoned intervals become zone segments
 * (an unzoned interval on such a day serves every zone); long shifts get a floating lunch
 * ({@link PlanningProperties}).</li>
 * <li>Visits: one per service request that is agreed, scheduled or in progress, lies in a zone of the scope and is
 * not on a route outside the scope (a route of a technician-day that is not a shift here); plus every stop already on
 * a route of a shift here, whatever its status (done and in-progress ones pinned). Duration = the sum of the service
 * types' durations times quantities (done: the actual time; in progress: at least the time spent so far); skills =
 * their union; window for the service start = the promised window, else the customer's preferred window, else none;
 * the request's deadline and priority; every active zone covering the address; the assigned technician, if any, as
 * preferred technician.</li>
 * <li>The current routes are the initial assignment, their pinned stops (and done or started ones) the pinned
 * prefix. Requests whose window lies wholly outside the scope's days are left out; so are addresses farther than
 * the snap limit from a road (listed in {@link LoadedPlan#excluded()} with the distance).</li>
 * </ul>
 * The road matrix of the last few point sets is kept, so loading the same scope again costs only the queries.
 */
@Service
public class PlanningProblems {

    private static final Logger LOG = LoggerFactory.getLogger(PlanningProblems.class);

    /** Statuses that the planner places. */
    public static final Set<RequestStatus> PLANNABLE = VisitAssembly.PLANNABLE;
    /** Statuses that stay where they are on a route (work started or finished). */
    public static final Set<RequestStatus> FIXED = VisitAssembly.FIXED;
    /** At most this many days per plan. */
    public static final int MAX_DAYS = 31;

    private static final int MATRIX_CACHE = 4;

    private final DSLContext db;
    private final ScheduleService schedules;
    private final RoadMap roadMap;
    private final PlanningProperties settings;
    private final FieldPlanProperties fieldPlan;
    private final Clock clock;
    private final Map<List<GeoPoint>, TravelMatrix> matrices = new LinkedHashMap<>(8, 0.75f, true);

    public PlanningProblems(DSLContext db, ScheduleService schedules, RoadMap roadMap, PlanningProperties settings,
            FieldPlanProperties fieldPlan, Clock clock) {
        this.db = db;
        this.schedules = schedules;
        this.roadMap = roadMap;
        this.settings = settings;
        this.fieldPlan = fieldPlan;
        this.clock = clock;
    }

    /**
     * The problem for {@code scope}, scored as it stands (shadow times filled in).
     *
     * @throws InvalidInputException for an empty or too long date range or unknown zones, naming each
     */
    @Transactional(readOnly = true)
    public LoadedPlan load(PlanScope scope) {
        return load(scope, LoadOptions.NONE);
    }

    /** The problem for {@code scope} with extra visits placed and spare matrix places (see {@link LoadOptions}). */
    @Transactional(readOnly = true)
    public LoadedPlan load(PlanScope scope, LoadOptions options) {
        check(scope);
        LocalDateTime origin = scope.from().atStartOfDay();
        Map<Long, Zone> zones = zones();

        // ---- shifts ----
        Set<ShiftKey> absent = new HashSet<>();
        db.select(TECHNICIAN_ABSENCE.TECHNICIAN_ID, TECHNICIAN_ABSENCE.DAY).from(TECHNICIAN_ABSENCE)
                .where(TECHNICIAN_ABSENCE.DAY.between(scope.from(), scope.to()))
                .forEach(r -> absent.add(new ShiftKey(r.value1(), r.value2())));
        Map<ShiftKey, List<WorkingInterval>> days = new TreeMap<>(
                Comparator.comparingLong(ShiftKey::technicianId).thenComparing(ShiftKey::day));
        for (WorkingInterval interval : schedules.workingIntervals(null, scope.from(), scope.to())) {
            ShiftKey key = new ShiftKey(interval.technicianId(), interval.date());
            if (!absent.contains(key)) {
                days.computeIfAbsent(key, k -> new ArrayList<>()).add(interval);
            }
        }
        if (!scope.allZones()) {
            days.values().removeIf(list -> list.stream()
                    .noneMatch(i -> i.zoneId() == null || scope.zoneIds().contains(i.zoneId())));
        }
        Map<Long, TechnicianRow> technicians = technicians(days.keySet().stream().map(ShiftKey::technicianId).toList());

        // ---- the current routes of those shifts ----
        Map<ShiftKey, List<StopRow>> routes = routes(scope, days.keySet());
        Set<Long> routed = new HashSet<>();
        routes.values().forEach(stops -> stops.forEach(s -> routed.add(s.requestId())));

        // ---- requests ----
        Condition inZones = scope.allZones() ? SERVICE_REQUEST.ZONE_ID.isNotNull()
                : SERVICE_REQUEST.ZONE_ID.in(scope.zoneIds());
        // on a route of another scope; a route of a technician who is off that day holds nobody
        Condition notRoutedElsewhere = SERVICE_REQUEST.ID.notIn(DSL.select(ROUTE_STOP.REQUEST_ID).from(ROUTE_STOP)
                .join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .whereNotExists(DSL.selectOne().from(TECHNICIAN_ABSENCE).where(
                        TECHNICIAN_ABSENCE.TECHNICIAN_ID.eq(ROUTE.TECHNICIAN_ID), TECHNICIAN_ABSENCE.DAY.eq(ROUTE.DAY))));
        Condition open = SERVICE_REQUEST.STATUS.in(PLANNABLE.stream().map(RequestStatus::code).toList()).and(inZones)
                .and(SERVICE_REQUEST.OUTSIDE_SERVICE_AREA.isFalse()).and(notRoutedElsewhere);
        if (options.routedOnly()) {
            open = open.and(SERVICE_REQUEST.ID.in(options.alsoRequests()));
        }
        Condition wanted = routed.isEmpty() ? open : open.or(SERVICE_REQUEST.ID.in(routed));
        List<RequestRow> requests = requests(wanted);
        Map<Long, Set<Long>> covering = coveringZones(requests.stream().map(RequestRow::id).toList());

        // ---- locations: homes first, then visits; addresses off the road network are left out ----
        List<Excluded> excluded = new ArrayList<>();
        List<GeoPoint> candidates = new ArrayList<>();
        List<Long> homeOwners = new ArrayList<>(technicians.keySet());
        homeOwners.forEach(id -> candidates.add(technicians.get(id).home()));
        requests.forEach(r -> candidates.add(r.point()));
        Set<Integer> offRoad = new HashSet<>();
        Map<Integer, OffRoadLocation> offRoadByIndex = new HashMap<>();
        for (OffRoadLocation off : roadMap.offRoad(candidates)) {
            offRoad.add(off.index());
            offRoadByIndex.put(off.index(), off);
        }
        List<GeoPoint> points = new ArrayList<>();
        Map<Long, Location> homes = new HashMap<>();
        for (int i = 0; i < homeOwners.size(); i++) {
            TechnicianRow t = technicians.get(homeOwners.get(i));
            if (offRoad.contains(i)) {
                LOG.warn("Technician {} ({}) is left out of planning: their home {}", t.id(), t.name(), offRoadByIndex.get(i));
                continue;
            }
            homes.put(t.id(), new Location(points.size(), t.home().lat(), t.home().lon()));
            points.add(t.home());
        }

        Map<String, Long> requestIdByVisitId = new HashMap<>();
        Map<Long, Visit> visitByRequest = new HashMap<>();
        List<Visit> visits = new ArrayList<>();
        Instant now = clock.instant();
        Map<Long, StopRow> stopByRequest = new HashMap<>();
        // a team whose first member's stop is on no route (its technician, the lead, was marked absent) keeps the
        // common start its other members' stops hold
        Map<Long, StopRow> memberStopByRequest = new HashMap<>();
        routes.values().forEach(stops -> stops.forEach(s -> {
            if (s.member() == 1) {
                stopByRequest.put(s.requestId(), s);
            } else {
                memberStopByRequest.putIfAbsent(s.requestId(), s);
            }
        }));
        Map<String, Visit> memberVisits = new HashMap<>();
        Map<String, LoadedPlan.Member> memberByVisitId = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            RequestRow r = requests.get(i);
            OffRoadLocation off = offRoadByIndex.get(homeOwners.size() + i);
            if (off != null) {
                excluded.add(new Excluded(r.id(), r.number(), off.noRoadFound()
                        ? "the address (" + r.point().lat() + ", " + r.point().lon() + ") is on no road the map knows"
                        : "the address is " + Math.round(off.distanceMetres()) + " m from the nearest road; correct its point"));
                continue;
            }
            Set<Zone> visitZones = new HashSet<>();
            for (long zoneId : covering.getOrDefault(r.id(), Set.of(r.zoneId()))) {
                Zone z = zones.get(zoneId);
                if (z != null) {
                    visitZones.add(z);
                }
            }
            Location location = new Location(points.size(), r.point().lat(), r.point().lon());
            Visit visit = VisitAssembly.visit(r, stopByRequest.get(r.id()), location, visitZones, origin, scope.to(),
                    fieldPlan.timeZone(), now);
            if (visit == null) {
                continue;
            }
            points.add(r.point());
            visitByRequest.put(r.id(), visit);
            requestIdByVisitId.put(visit.getId(), r.id());
            if (r.teamSize() > 1) {
                // work for a team: one visit per person, starting together (docs/engine.md, visit groups)
                StopRow own = stopByRequest.get(r.id());
                List<Visit> members = VisitAssembly.members(r, visit, own != null ? own : memberStopByRequest.get(r.id()),
                        origin, fieldPlan.timeZone());
                visits.addAll(members);
                for (int k = 2; k <= members.size(); k++) {
                    Visit m = members.get(k - 1);
                    memberVisits.put(m.getId(), m);
                    memberByVisitId.put(m.getId(), new LoadedPlan.Member(r.id(), k));
                }
            } else {
                visits.add(visit);
            }
        }

        // ---- extra visits (held windows) ----
        Map<ShiftKey, List<LoadOptions.ExtraVisit>> extrasByShift = new HashMap<>();
        Map<String, Visit> extraVisits = new HashMap<>();
        for (LoadOptions.ExtraVisit extra : options.extraVisits()) {
            int index = points.size();
            points.add(extra.point());
            Visit visit = new Visit(extra.id(), extra.label(), new Location(index, extra.point().lat(), extra.point().lon()),
                    extra.durationSeconds(), List.of(new TimeWindow(seconds(origin, extra.windowStart()),
                    seconds(origin, extra.windowEnd()))), extra.skills(), Set.of(), 1, Visit.NO_DEADLINE, null, 0);
            visits.add(visit);
            extraVisits.put(extra.id(), visit);
            extrasByShift.computeIfAbsent(extra.shift(), k -> new ArrayList<>()).add(extra);
        }

        // ---- engine technicians and shifts ----
        Map<Long, Technician> engineTechnicians = new LinkedHashMap<>();
        for (TechnicianRow t : technicians.values()) {
            Location home = homes.get(t.id());
            if (home != null) {
                engineTechnicians.put(t.id(), new Technician(String.valueOf(t.id()), t.name(), t.skills(), home));
            }
        }
        List<Shift> shifts = new ArrayList<>();
        Map<String, ShiftKey> shiftKeys = new HashMap<>();
        for (Map.Entry<ShiftKey, List<WorkingInterval>> e : days.entrySet()) {
            Technician technician = engineTechnicians.get(e.getKey().technicianId());
            if (technician == null) {
                continue;
            }
            Shift shift = shift(e.getKey(), e.getValue(), technician, origin, zones);
            VisitAssembly.Route route = VisitAssembly.route(routes.getOrDefault(e.getKey(), List.of()), visitByRequest,
                    memberVisits, extrasByShift.getOrDefault(e.getKey(), List.of()), extraVisits);
            shift.setVisits(route.visits());
            shift.pinVisits(route.pinned());
            shifts.add(shift);
            shiftKeys.put(shift.getId(), e.getKey());
        }

        // extra visits whose shift is not in this plan take no room anywhere
        visits.removeIf(v -> extraVisits.containsKey(v.getId()));
        TravelMatrix matrix = matrix(points);
        LoadedPlan.Spare spare = LoadedPlan.Spare.NONE;
        if (options.spareSlots() > 0) {
            spare = VisitAssembly.withSpareSlots(matrix, options.spareSlots());
            // the window search writes each query's address into a spare place of these arrays: the matrix must read
            // them as they are (TravelMatrix.of would reorder a copy and never see those writes)
            matrix = TravelMatrix.writable(spare.size(), spare.seconds(), spare.metres());
        }
        FieldPlan plan = new FieldPlan(origin, List.copyOf(engineTechnicians.values()), List.copyOf(zones.values()),
                shifts, visits, matrix);
        PlanSolver.score(plan);
        Map<ShiftKey, Integer> routeVersions = new HashMap<>();
        db.select(ROUTE.TECHNICIAN_ID, ROUTE.DAY, ROUTE.VERSION).from(ROUTE).where(ROUTE.DAY.between(scope.from(), scope.to()))
                .forEach(r -> routeVersions.put(new ShiftKey(r.value1(), r.value2()), r.value3()));
        return new LoadedPlan(scope, plan, fieldPlan.timeZone(), points, requestIdByVisitId, shiftKeys, excluded, spare,
                routeVersions, memberByVisitId);
    }

    // ---- shifts -------------------------------------------------------------------------------------------------

    private Shift shift(ShiftKey key, List<WorkingInterval> intervals, Technician technician, LocalDateTime origin,
            Map<Long, Zone> zones) {
        return ShiftAssembly.shift(key, intervals, technician, origin, zones, settings);
    }

    // ---- queries ------------------------------------------------------------------------------------------------

    /** @throws InvalidInputException for an empty or too long date range or unknown zones, naming each */
    public void check(PlanScope scope) {
        List<FieldProblem> problems = new ArrayList<>();
        if (scope.to().isBefore(scope.from())) {
            problems.add(new FieldProblem("to", scope.to(), "is before from (" + scope.from() + ")"));
        } else if (ChronoUnit.DAYS.between(scope.from(), scope.to()) >= MAX_DAYS) {
            problems.add(new FieldProblem("to", scope.to(), "is more than " + MAX_DAYS + " days after from ("
                    + scope.from() + "); plan a shorter period"));
        }
        if (!scope.allZones()) {
            Set<Long> known = new HashSet<>(db.select(ZONE.ID).from(ZONE).where(ZONE.ID.in(scope.zoneIds())).fetch(ZONE.ID));
            scope.zoneIds().stream().sorted().filter(id -> !known.contains(id))
                    .forEach(id -> problems.add(new FieldProblem("zoneIds", id, "is not a zone; list them with GET /api/zones")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private Map<Long, Zone> zones() {
        Map<Long, Zone> zones = new LinkedHashMap<>();
        db.select(ZONE.ID, ZONE.NAME).from(ZONE).where(ZONE.ACTIVE.isTrue()).orderBy(ZONE.ID)
                .forEach(r -> zones.put(r.value1(), new Zone(String.valueOf(r.value1()), r.value2())));
        return zones;
    }

    private record TechnicianRow(long id, String name, GeoPoint home, Set<Skill> skills) {}

    private Map<Long, TechnicianRow> technicians(List<Long> ids) {
        Map<Long, Set<Skill>> skills = new HashMap<>();
        db.select(TECHNICIAN_SKILL.TECHNICIAN_ID, TECHNICIAN_SKILL.SKILL_CODE).from(TECHNICIAN_SKILL)
                .where(TECHNICIAN_SKILL.TECHNICIAN_ID.in(ids))
                .forEach(r -> skills.computeIfAbsent(r.value1(), k -> new HashSet<>()).add(new Skill(r.value2())));
        Map<Long, TechnicianRow> out = new TreeMap<>();
        db.select(TECHNICIAN.ID, TECHNICIAN.NAME, TECHNICIAN.HOME).from(TECHNICIAN).where(TECHNICIAN.ID.in(ids))
                .forEach(r -> {
                    Point p = (Point) r.value3();
                    out.put(r.value1(), new TechnicianRow(r.value1(), r.value2(), new GeoPoint(p.getY(), p.getX()),
                            skills.getOrDefault(r.value1(), Set.of())));
                });
        return out;
    }

    private Map<ShiftKey, List<StopRow>> routes(PlanScope scope, Set<ShiftKey> shifts) {
        Map<ShiftKey, List<StopRow>> routes = new HashMap<>();
        db.select(ROUTE.TECHNICIAN_ID, ROUTE.DAY, ROUTE_STOP.REQUEST_ID, ROUTE_STOP.POSITION, ROUTE_STOP.PINNED,
                        SERVICE_REQUEST.STATUS, ROUTE_STOP.STARTED_AT, ROUTE_STOP.FINISHED_AT, ROUTE_STOP.START_AT)
                .from(ROUTE).join(ROUTE_STOP).on(ROUTE_STOP.ROUTE_ID.eq(ROUTE.ID))
                .join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(ROUTE_STOP.REQUEST_ID))
                .where(ROUTE.DAY.between(scope.from(), scope.to()))
                .orderBy(ROUTE.ID, ROUTE_STOP.POSITION)
                .forEach(r -> {
                    ShiftKey key = new ShiftKey(r.value1(), r.value2());
                    if (shifts.contains(key) && RequestStatus.fromCode(r.value6()) != RequestStatus.CANCELLED
                            && RequestStatus.fromCode(r.value6()) != RequestStatus.REFUSED) {
                        routes.computeIfAbsent(key, k -> new ArrayList<>()).add(new StopRow(r.value3(), r.value4(),
                                r.value5(), RequestStatus.fromCode(r.value6()), r.value7(), r.value8(), 1, r.value9()));
                    }
                });
        // members #2..n of planned groups, on their own technicians' routes; pinned when the work has begun
        db.select(ROUTE.TECHNICIAN_ID, ROUTE.DAY, ROUTE_STOP_MEMBER.REQUEST_ID, ROUTE_STOP_MEMBER.POSITION,
                        SERVICE_REQUEST.STATUS, ROUTE_STOP_MEMBER.MEMBER, ROUTE_STOP_MEMBER.START_AT)
                .from(ROUTE).join(ROUTE_STOP_MEMBER).on(ROUTE_STOP_MEMBER.ROUTE_ID.eq(ROUTE.ID))
                .join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(ROUTE_STOP_MEMBER.REQUEST_ID))
                .where(ROUTE.DAY.between(scope.from(), scope.to()))
                .forEach(r -> {
                    ShiftKey key = new ShiftKey(r.value1(), r.value2());
                    RequestStatus status = RequestStatus.fromCode(r.value5());
                    if (shifts.contains(key) && status != RequestStatus.CANCELLED && status != RequestStatus.REFUSED) {
                        routes.computeIfAbsent(key, k -> new ArrayList<>()).add(new StopRow(r.value3(), r.value4(),
                                false, status, null, null, r.value6(), r.value7()));
                    }
                });
        routes.values().forEach(stops -> stops.sort(Comparator.comparingInt(StopRow::position)));
        return routes;
    }

    private List<RequestRow> requests(Condition wanted) {
        Map<Long, long[]> durations = new HashMap<>();
        Map<Long, Set<Skill>> skills = new HashMap<>();
        var ids = DSL.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST).where(wanted);
        db.select(SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_REQUEST_ITEM.QUANTITY, SERVICE_TYPE.DURATION_SECONDS)
                .from(SERVICE_REQUEST_ITEM).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.in(ids))
                .forEach(r -> durations.computeIfAbsent(r.value1(), k -> new long[1])[0] += (long) r.value2() * r.value3());
        db.selectDistinct(SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_TYPE_SKILL.SKILL_CODE).from(SERVICE_REQUEST_ITEM)
                .join(SERVICE_TYPE_SKILL).on(SERVICE_TYPE_SKILL.SERVICE_TYPE_ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.in(ids))
                .forEach(r -> skills.computeIfAbsent(r.value1(), k -> new HashSet<>()).add(new Skill(r.value2())));
        // teams: the largest team size of the request's service types; person k (2..n) needs the skills of the
        // types that need at least k people and all of whose people need their skills ('all'), none for 'lead'
        Map<Long, Integer> teamSize = new HashMap<>();
        Map<Long, List<Long>> allSkilledTypes = new HashMap<>();
        Map<Long, Integer> sizeOfType = new HashMap<>();
        db.selectDistinct(SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_TYPE.ID, SERVICE_TYPE.TEAM_SIZE, SERVICE_TYPE.TEAM_SKILLS)
                .from(SERVICE_REQUEST_ITEM).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.in(ids), SERVICE_TYPE.TEAM_SIZE.gt(1))
                .forEach(r -> {
                    teamSize.merge(r.value1(), r.value3(), Math::max);
                    sizeOfType.put(r.value2(), r.value3());
                    if ("all".equals(r.value4())) {
                        allSkilledTypes.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2());
                    }
                });
        Map<Long, Set<Skill>> typeSkills = new HashMap<>();
        if (!sizeOfType.isEmpty()) {
            db.selectFrom(SERVICE_TYPE_SKILL).where(SERVICE_TYPE_SKILL.SERVICE_TYPE_ID.in(sizeOfType.keySet()))
                    .forEach(r -> typeSkills.computeIfAbsent(r.getServiceTypeId(), k -> new HashSet<>())
                            .add(new Skill(r.getSkillCode())));
        }
        List<RequestRow> rows = new ArrayList<>();
        db.select(SERVICE_REQUEST.ID, SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.STATUS,
                        SERVICE_REQUEST.ADDRESS_LINE, SERVICE_REQUEST.LOCATION, SERVICE_REQUEST.ZONE_ID,
                        SERVICE_REQUEST.PRIORITY, SERVICE_REQUEST.DEADLINE, SERVICE_REQUEST.WINDOW_START,
                        SERVICE_REQUEST.WINDOW_END, SERVICE_REQUEST.PREFERRED_START, SERVICE_REQUEST.PREFERRED_END)
                .from(SERVICE_REQUEST).where(wanted).orderBy(SERVICE_REQUEST.ID)
                .forEach(r -> {
                    Point p = (Point) r.get(SERVICE_REQUEST.LOCATION);
                    OffsetDateTime ws = r.get(SERVICE_REQUEST.WINDOW_START);
                    OffsetDateTime we = r.get(SERVICE_REQUEST.WINDOW_END);
                    if (ws == null) {
                        ws = r.get(SERVICE_REQUEST.PREFERRED_START);
                        we = r.get(SERVICE_REQUEST.PREFERRED_END);
                    }
                    long id = r.get(SERVICE_REQUEST.ID);
                    Long zone = r.get(SERVICE_REQUEST.ZONE_ID);
                    rows.add(new RequestRow(id, r.get(SERVICE_REQUEST.REGISTRATION_NUMBER),
                            RequestStatus.fromCode(r.get(SERVICE_REQUEST.STATUS)),
                            r.get(SERVICE_REQUEST.ADDRESS_LINE), new GeoPoint(p.getY(), p.getX()), zone == null ? -1 : zone,
                            r.get(SERVICE_REQUEST.PRIORITY), r.get(SERVICE_REQUEST.DEADLINE), ws, we,
                            durations.getOrDefault(id, new long[1])[0], skills.getOrDefault(id, Set.of()),
                            team(skills.getOrDefault(id, Set.of()), teamSize.getOrDefault(id, 1),
                                    allSkilledTypes.getOrDefault(id, List.of()), sizeOfType, typeSkills)));
                });
        return rows;
    }

    /** The skills of each person of a team of {@code size} (empty for one technician); person 1 needs them all. */
    private static List<Set<Skill>> team(Set<Skill> all, int size, List<Long> allSkilledTypes,
            Map<Long, Integer> sizeOfType, Map<Long, Set<Skill>> typeSkills) {
        if (size < 2) {
            return List.of();
        }
        List<Set<Skill>> team = new ArrayList<>();
        team.add(all);
        for (int k = 2; k <= size; k++) {
            Set<Skill> needs = new HashSet<>();
            for (long type : allSkilledTypes) {
                if (sizeOfType.get(type) >= k) {
                    needs.addAll(typeSkills.getOrDefault(type, Set.of()));
                }
            }
            team.add(Set.copyOf(needs));
        }
        return team;
    }

    /** Every active zone covering each request's address (zones may overlap). */
    private Map<Long, Set<Long>> coveringZones(List<Long> requestIds) {
        Map<Long, Set<Long>> out = new HashMap<>();
        if (requestIds.isEmpty()) {
            return out;
        }
        db.select(SERVICE_REQUEST.ID, ZONE.ID).from(SERVICE_REQUEST)
                .join(ZONE).on(DSL.condition("ST_Covers({0}, {1})", ZONE.AREA, SERVICE_REQUEST.LOCATION))
                .where(SERVICE_REQUEST.ID.in(requestIds), ZONE.ACTIVE.isTrue())
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new HashSet<>()).add(r.value2()));
        return out;
    }

    private TravelMatrix matrix(List<GeoPoint> points) {
        synchronized (matrices) {
            TravelMatrix cached = matrices.get(points);
            if (cached != null) {
                return cached;
            }
        }
        TravelMatrix matrix = roadMap.matrix(points);
        synchronized (matrices) {
            matrices.put(List.copyOf(points), matrix);
            while (matrices.size() > MATRIX_CACHE) {
                matrices.remove(matrices.keySet().iterator().next());
            }
        }
        return matrix;
    }

    private static long seconds(LocalDateTime origin, LocalDate day, LocalTime time) {
        return Duration.between(origin, day.atTime(time)).getSeconds();
    }

    private long seconds(LocalDateTime origin, Instant instant) {
        return VisitAssembly.seconds(origin, fieldPlan.timeZone(), instant);
    }
}
