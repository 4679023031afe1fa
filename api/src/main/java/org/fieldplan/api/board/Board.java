package org.fieldplan.api.board;

import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.route.DayLock;
import org.fieldplan.api.planning.route.RouteStatus;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.planning.route.StaleRouteException;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitGroup;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.edit.RouteEditor;
import org.fieldplan.engine.edit.RouteRules;
import org.fieldplan.engine.solver.PlanExplainer;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.geo.road.RouteGeometry;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dispatcher board's day: every technician working that day in the caller's zones with their route (bars,
 * travel, geometry for the map), workload, the requests left unplanned with reasons, zone outlines; pinning; moving a
 * visit to another technician or position, checked against the engine's hard rules first (in plain words, naming
 * the technician and the time) and stored only when it breaks none; free technicians of a zone in an interval.
 */
@Service
public class Board {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    private final DSLContext db;
    private final PlanningProblems problems;
    private final RouteWriter routes;
    private final DayLock locks;
    private final RequestWriter requests;
    private final RoadMap roadMap;
    private final ZoneScope scope;
    private final MessageSource messages;

    public Board(DSLContext db, PlanningProblems problems, RouteWriter routes, DayLock locks, RequestWriter requests,
            RoadMap roadMap, ZoneScope scope, MessageSource messages) {
        this.scope = scope;
        this.messages = messages;
        this.db = db;
        this.problems = problems;
        this.routes = routes;
        this.locks = locks;
        this.requests = requests;
        this.roadMap = roadMap;
    }

    /**
     * A visit on a technician's row. {@code member}: which member of a team's visit this bar is (1 = the request's
     * own stop; 2..n = the others, on their own technicians' rows); {@code teamSize}: how many the visit needs (1 for
     * an ordinary visit).
     */
    public record Bar(long requestId, String label, String status, String start, String end, String arrival,
            int travelMinutes, boolean pinned, @Nullable String window, double lat, double lon, int member,
            int teamSize) {}

    public record Row(long technicianId, String name, String shiftStart, String shiftEnd, List<Bar> bars,
            int visits, double serviceHours, double travelHours, int percentOfShift, List<double[]> path,
            double homeLat, double homeLon, String zones, @Nullable Integer routeVersion) {}

    /**
     * A visit on no route: a request, or one member (2..n) of a team's visit whose technician was taken off (an
     * absence) while the others stayed; {@code teamStart} is a team's common start ("HH:mm"), null for other visits.
     */
    public record Unplanned(long requestId, String label, List<String> reasons, double lat, double lon, int member,
            int teamSize, @Nullable String teamStart) {}

    public record ZoneOutline(long id, String name, List<List<double[]>> rings) {}

    public record Day(LocalDate date, List<Row> rows, List<Unplanned> unplanned, List<ZoneOutline> zones) {}

    public record Check(boolean allowed, List<String> violations, @Nullable String arrival) {}

    public record Free(long technicianId, String name, String works, int visits) {}

    @Transactional(readOnly = true)
    public Day day(LocalDate date, CurrentUser user) {
        return day(date, user, Locale.ENGLISH);
    }

    /** The day, a team's reason for being unplanned worded in {@code locale} (technicians by name). */
    @Transactional(readOnly = true)
    public Day day(LocalDate date, CurrentUser user, Locale locale) {
        if (scope.zones(user).none()) { // a dispatcher with no zone sees an empty board
            return new Day(date, List.of(), List.of(), List.of());
        }
        Set<Long> zones = zonesOf(user);
        LoadedPlan loaded = problems.load(new PlanScope(date, date, zones));
        FieldPlan plan = loaded.plan();
        PlanExplainer explainer = new PlanExplainer(plan);
        List<Row> rows = new ArrayList<>();
        for (Shift shift : plan.getShifts()) {
            rows.add(row(loaded, shift));
        }
        rows.sort(java.util.Comparator.comparing(Row::name));
        List<Unplanned> unplanned = new ArrayList<>();
        // a member #2..n on no route is listed only when some other member of its team is on one (a team wholly
        // unplanned is listed once, as its request)
        Set<String> partlyPlanned = new HashSet<>();
        plan.getVisits().stream().filter(v -> v.getGroup() != null && v.getShift() != null)
                .forEach(v -> partlyPlanned.add(v.getGroup().id()));
        for (Visit v : plan.getVisits()) {
            LoadedPlan.Member member = loaded.member(v);
            if (v.getShift() == null && (loaded.isRequest(v) || (member != null && partlyPlanned.contains(v.getGroup().id())))) {
                unplanned.add(new Unplanned(member != null ? member.requestId() : loaded.requestId(v), v.getLabel(),
                        v.getGroup() != null ? List.of(teamReason(loaded, explainer.teamAnswer(v), locale))
                                : explainer.whyUnassigned(v), v.getLocation().lat(), v.getLocation().lon(),
                        member != null ? member.number() : 1, v.getGroup() == null ? 1 : v.getGroup().size(),
                        v.getGroup() == null ? null : hm(loaded, v.getGroup().start())));
            }
        }
        loaded.excluded().forEach(e -> unplanned.add(new Unplanned(e.requestId(), e.registrationNumber(), List.of(e.reason()), 0, 0, 1, 1, null)));
        return new Day(date, rows, unplanned, outlines(zones));
    }

    /**
     * Why a team is unplanned, in words: "needs 2 technicians starting together at 10:00; only Anna Borg could start it
     * then" or, when a team can be formed from the routes as they are, "a team of 2 could start together at 10:00 (Anna
     * Borg, Boris Vella): plan the day again or move it from its card".
     */
    private String teamReason(LoadedPlan loaded, PlanExplainer.TeamAnswer answer, Locale locale) {
        String start = hm(loaded, answer.start());
        if (answer.possible()) {
            return messages.getMessage("board.unplanned.teamPossible", new Object[] {answer.size(), start,
                    names(answer.team())},
                    locale);
        }
        if (answer.able().isEmpty()) {
            return messages.getMessage("board.unplanned.teamNobody", new Object[] {answer.size(), start}, locale);
        }
        return messages.getMessage("board.unplanned.teamFew", new Object[] {answer.size(), start, answer.able().size(),
                names(answer.able())},
                locale);
    }

    private static String names(List<Technician> technicians) {
        return String.join(", ", technicians.stream().map(Technician::name).toList());
    }

    private Row row(LoadedPlan loaded, Shift shift) {
        List<Bar> bars = new ArrayList<>();
        long service = 0;
        Set<Long> pinned = new HashSet<>();
        db.select(ROUTE_STOP.REQUEST_ID).from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .where(ROUTE.TECHNICIAN_ID.eq(loaded.technicianId(shift)), ROUTE.DAY.eq(shift.getDay()), ROUTE_STOP.PINNED.isTrue())
                .forEach(r -> pinned.add(r.value1()));
        List<GeoPoint> path = new ArrayList<>();
        path.add(shift.getStartLocation().point());
        for (Visit v : shift.getVisits()) {
            // a member #2..n of a team's visit shows on its own technician's row too (same request, same start)
            LoadedPlan.Member member = loaded.member(v);
            if ((!loaded.isRequest(v) && member == null) || v.getTiming() == null) {
                continue;
            }
            VisitTiming t = v.getTiming();
            long requestId = member != null ? member.requestId() : loaded.requestId(v);
            service += v.getServiceDuration();
            String window = v.getTimeWindows().isEmpty() ? null
                    : hm(loaded, v.getTimeWindows().get(0).start()) + "–" + hm(loaded, v.getTimeWindows().get(0).end());
            String status = db.fetchValue("SELECT status FROM service_request WHERE id = ?", requestId).toString();
            bars.add(new Bar(requestId, v.getLabel(), status, hm(loaded, t.start()), hm(loaded, t.departure()),
                    hm(loaded, t.arrival()), Math.round(t.travelSeconds() / 60f), pinned.contains(requestId), window,
                    v.getLocation().lat(), v.getLocation().lon(), member != null ? member.number() : 1,
                    v.getGroup() == null ? 1 : v.getGroup().size()));
            path.add(v.getLocation().point());
        }
        path.add(shift.getEndLocation().point());
        List<double[]> line = new ArrayList<>();
        if (path.size() > 2) {
            RouteGeometry geometry = roadMap.routeGeometry(path);
            for (int i = 0; i < geometry.lats().length; i++) {
                line.add(new double[] {geometry.lats()[i], geometry.lons()[i]});
            }
        }
        long span = Math.max(1, shift.getNominalEnd() - shift.getStartTime());
        long travel = shift.travelSeconds();
        Set<String> zoneNames = new java.util.LinkedHashSet<>();
        shift.getZoneSegments().forEach(z -> zoneNames.add(z.zone().name()));
        return new Row(loaded.technicianId(shift), shift.getTechnician().name(), hm(loaded, shift.getStartTime()),
                hm(loaded, shift.getNominalEnd()), bars, bars.size(), round1(service / 3600.0), round1(travel / 3600.0),
                (int) Math.round(100.0 * (service + travel) / span), line, shift.getStartLocation().lat(),
                shift.getStartLocation().lon(), String.join(", ", zoneNames), loaded.routeVersion(loaded.shiftKey(shift)));
    }

    /**
     * Pins stop {@code requestId} (and, pins being a prefix of the route, every stop before it) or unpins it and
     * after, under the day's lock; {@code routeVersion}, when given, must be the route's current version.
     */
    @Transactional
    public void pin(long requestId, boolean pin, @Nullable Integer routeVersion, CurrentUser user) {
        if (!visible(requestId, user)) {
            throw new NotFoundException("stop of request", requestId);
        }
        routes.pin(requestId, pin, routeVersion);
    }

    /**
     * What moving request {@code requestId} to technician {@code technicianId} at {@code position} (0 = first) on
     * {@code date} would break; with {@code apply} and nothing broken, both routes are stored.
     */
    @Transactional
    public Check move(LocalDate date, long requestId, long technicianId, int position, boolean apply, CurrentUser user) {
        return move(date, requestId, 1, technicianId, position, apply, null, null, user);
    }

    /** As {@link #move(LocalDate, long, int, long, int, boolean, Integer, Integer, CurrentUser)} for member #1. */
    @Transactional
    public Check move(LocalDate date, long requestId, long technicianId, int position, boolean apply,
            @Nullable Integer sourceVersion, @Nullable Integer targetVersion, CurrentUser user) {
        return move(date, requestId, 1, technicianId, position, apply, sourceVersion, targetVersion, user);
    }

    /**
     * What moving member {@code member} of request {@code requestId}'s visit (1 = the request's own stop; 2..n = the
     * other technicians of a team's visit) to technician {@code technicianId} at {@code position} (0 = first) on
     * {@code date} would break, under the day's lock (the one bookings take) when {@code apply}; with {@code apply} and
     * nothing broken, both routes are stored. {@code sourceVersion}/{@code targetVersion}, when given, are the versions
     * of the routes the caller read (the board's rows carry them): a route that has moved on since answers 409 naming
     * it. A stored move of member #1 reassigns the request to the new technician (history, version, and agreed
     * becomes scheduled); a stored move of member #2..n replaces that member of the team (the request keeps its
     * technician, member #1's).
     * <p>
     * A team's common start is fixed (the customer was promised it): the moved member waits for it on its new route,
     * and a move after which it would start later is refused naming the team rule and the technician, as is one that
     * puts two members on one technician; the skills (those the team needs of that member), zone schedule and every
     * rule of both routes are checked as for any visit.
     */
    @Transactional
    public Check move(LocalDate date, long requestId, int member, long technicianId, int position, boolean apply,
            @Nullable Integer sourceVersion, @Nullable Integer targetVersion, CurrentUser user) {
        PlannedRequest planned = loadForMove(date, requestId, List.of(technicianId), apply, user);
        LoadedPlan loaded = planned.loaded();
        Visit visit = planned.visit();
        if (member != 1) {
            int size = visit.getGroup() == null ? 1 : visit.getGroup().size();
            String id = LoadedPlan.memberVisitId(requestId, member);
            visit = loaded.plan().getVisits().stream().filter(v -> v.getId().equals(id)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("member", member, size == 1
                            ? "request " + requestId + " needs one technician; give member 1 or none"
                            : "is not a member of request " + requestId + "'s team of " + size + " (1.." + size + ")"));
        }
        Shift target = loaded.plan().getShifts().stream().filter(s -> loaded.technicianId(s) == technicianId).findFirst()
                .orElseThrow(() -> new InvalidInputException("technicianId", technicianId, "does not work on " + date));
        Shift source = visit.getShift();
        // what the caller read is checked first: a stale page hears that the route changed, not a consequence of it
        checkRead(loaded, target, targetVersion);
        if (source != null) {
            checkRead(loaded, source, sourceVersion);
        }
        if (visit.isPinned()) {
            return new Check(false, List.of("the visit is pinned; unpin it first"), null);
        }
        // a team's visit (one member moves; the others stay on their routes): the move may break no team rule that
        // held before it (two members on one technician, some planned and some not, a member apart from the start)
        List<String> groupBefore = RouteRules.groupViolations(visit, loaded.plan().getVisits(), loaded.plan().getOrigin());
        RouteEditor.move(visit, target, position);
        List<String> violations = new ArrayList<>(RouteRules.violations(target, loaded.plan().getOrigin()));
        if (source != null && source != target) {
            violations.addAll(RouteRules.violations(source, loaded.plan().getOrigin()));
        }
        RouteRules.groupViolations(visit, loaded.plan().getVisits(), loaded.plan().getOrigin()).stream()
                .filter(v -> !groupBefore.contains(v)).forEach(violations::add);
        String arrival = visit.getTiming() == null ? null : hm(loaded, visit.getTiming().arrival());
        boolean allowed = violations.isEmpty();
        if (apply && allowed) {
            List<Shift> changed = source == null || source == target ? List.of(target) : List.of(target, source);
            routes.saveShifts(loaded, changed, null, null);
            if (member == 1) { // the request's technician is member #1's; the others are on route_stop_member alone
                requests.schedule(requestId, technicianId, null, "Moved on the board by " + user.username() + ".", user);
            }
        }
        return new Check(allowed, violations, arrival);
    }

    /** A board move's day as loaded and the request's visit (member #1's) in it. */
    private record PlannedRequest(LoadedPlan loaded, Visit visit) {
    }

    /**
     * What every board move starts with: the request must be visible to the caller and each target technician in the
     * caller's zones; with {@code apply} the day is locked before it is read, so the check and the write see one day.
     */
    private PlannedRequest loadForMove(LocalDate date, long requestId, List<Long> technicianIds, boolean apply,
            CurrentUser user) {
        if (!visible(requestId, user)) {
            throw new NotFoundException("request", requestId);
        }
        for (long t : technicianIds) {
            scope.requireTechnician(user, t); // never onto a technician outside the caller's zones
        }
        if (apply) {
            locks.lock(date);
        }
        LoadedPlan loaded = problems.load(new PlanScope(date, date, Set.of()));
        try {
            return new PlannedRequest(loaded, loaded.visitOf(requestId));
        } catch (NotFoundException e) {
            throw new InvalidInputException("requestId", requestId, "is not a request that can be planned on " + date);
        }
    }

    /**
     * What moving the whole team of request {@code requestId} (every member) to {@code start} on {@code date} with
     * {@code technicianIds} (member 1's first, one per member) would break, under the day's lock when {@code apply};
     * with {@code apply} and nothing broken, every route it changes is stored in one transaction. Each member goes into
     * its technician's route where the visits before it start earlier; every route the move touches is checked against
     * the hard rules (skills the team needs of that member, zone schedule, shift end, ...) and the team rules (a
     * technician each, all at the common start), each named with the technician. A stored move reassigns the request
     * to member 1's technician; a new start outside the promised window gives the customer a new window (and the
     * notice a new time sends); the request's history names the team before and after and who moved it.
     *
     * @throws InvalidInputException when the request is no team visit, or the technicians are not one per member
     */
    @Transactional
    public Check moveTeam(LocalDate date, long requestId, LocalTime start, List<Long> technicianIds, boolean apply,
            CurrentUser user) {
        PlannedRequest planned = loadForMove(date, requestId, technicianIds, apply, user);
        LoadedPlan loaded = planned.loaded();
        Visit first = planned.visit();
        VisitGroup group = first.getGroup();
        if (group == null) {
            throw new InvalidInputException("requestId", requestId, "needs one technician; move it with /api/board/move");
        }
        if (technicianIds.size() != group.size()) {
            throw new InvalidInputException("technicianIds", technicianIds, "give one technician per member of the team of "
                    + group.size() + " (member 1's first)");
        }
        List<Visit> members = new ArrayList<>();
        members.add(first);
        for (int k = 2; k <= group.size(); k++) {
            String id = LoadedPlan.memberVisitId(requestId, k);
            members.add(loaded.plan().getVisits().stream().filter(v -> v.getId().equals(id)).findFirst().orElseThrow());
        }
        if (members.stream().anyMatch(Visit::isPinned)) {
            return new Check(false, List.of("the visit is pinned; unpin it first"), null);
        }
        List<Shift> targets = new ArrayList<>();
        for (long t : technicianIds) {
            targets.add(loaded.plan().getShifts().stream().filter(s -> loaded.technicianId(s) == t).findFirst()
                    .orElseThrow(() -> new InvalidInputException("technicianIds", t, "does not work on " + date)));
        }
        // before: who, when (for the history note)
        List<Long> sourceTechnicians = members.stream().filter(v -> v.getShift() != null)
                .map(v -> loaded.technicianId(v.getShift())).toList();
        List<String> namesBefore = members.stream().map(v -> v.getShift() == null ? "nobody" : v.getShift().getTechnician().name()).toList();
        long oldStart = group.start();
        long newStart = java.time.Duration.between(loaded.plan().getOrigin(), date.atTime(start)).getSeconds();
        Set<Shift> touched = new java.util.LinkedHashSet<>();
        for (Visit v : members) {
            if (v.getShift() != null) {
                touched.add(v.getShift());
                RouteEditor.remove(v);
            }
        }
        VisitGroup moved = new VisitGroup(group.id(), group.size(), newStart);
        members.forEach(v -> v.inGroup(moved));
        for (int k = 0; k < members.size(); k++) {
            Shift target = targets.get(k);
            int position = 0;
            for (Visit other : target.getVisits()) {
                if (other.getTiming() != null && other.getTiming().start() < newStart) {
                    position++;
                }
            }
            RouteEditor.insert(target, members.get(k), position);
            touched.add(target);
        }
        List<String> violations = new ArrayList<>();
        for (Shift shift : touched) {
            violations.addAll(RouteRules.violations(shift, loaded.plan().getOrigin()));
        }
        violations.addAll(RouteRules.groupViolations(first, loaded.plan().getVisits(), loaded.plan().getOrigin()));
        boolean allowed = violations.isEmpty();
        String arrival = first.getTiming() == null ? null : hm(loaded, first.getTiming().arrival());
        if (apply && allowed) {
            // a published team stays published on its new technicians' routes (their phones show it)
            boolean published = db.fetchExists(ROUTE, ROUTE.DAY.eq(date), ROUTE.STATUS.eq(RouteStatus.PUBLISHED),
                    ROUTE.TECHNICIAN_ID.in(sourceTechnicians));
            routes.saveShifts(loaded, new ArrayList<>(touched), published ? RouteStatus.PUBLISHED : null, null);
            List<String> namesAfter = members.stream().map(v -> v.getShift().getTechnician().name()).toList();
            boolean wasOut = sourceTechnicians.isEmpty(); // left out whole before (e.g. by a replan): placed again
            String note = wasOut ? "Team placed on the board by " + user.username() + ": " + hm(loaded, newStart) + " "
                    + String.join(", ", namesAfter) + "."
                    : "Team moved on the board by " + user.username() + ": " + hm(loaded, oldStart) + " "
                    + String.join(", ", namesBefore) + " -> " + hm(loaded, newStart) + " " + String.join(", ", namesAfter) + ".";
            long lead = technicianIds.get(0);
            Long current = db.select(SERVICE_REQUEST.TECHNICIAN_ID).from(SERVICE_REQUEST)
                    .where(SERVICE_REQUEST.ID.eq(requestId)).fetchOne(SERVICE_REQUEST.TECHNICIAN_ID);
            if (newStart != oldStart && !insidePromise(requestId, loaded.instant(newStart))) {
                requests.schedule(requestId, lead, window(loaded, newStart), note, user); // the customer hears of it
            } else if (current == null || current != lead) {
                requests.reassignSameTime(requestId, lead, note, user); // the same appointment: nobody is notified
            } else {
                requests.note(requestId, note, user);
            }
        }
        return new Check(allowed, violations, arrival);
    }

    /** Whether {@code at} lies in the window promised to the customer of {@code requestId}. */
    private boolean insidePromise(long requestId, java.time.Instant at) {
        var r = db.select(SERVICE_REQUEST.WINDOW_START, SERVICE_REQUEST.WINDOW_END).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.ID.eq(requestId)).fetchOne();
        return r != null && r.value1() != null && r.value2() != null && !at.isBefore(r.value1().toInstant())
                && !at.isAfter(r.value2().toInstant());
    }

    /** A promised window of two hours containing {@code start} (the block a publish would give). */
    private static RequestWriter.PromisedWindow window(LoadedPlan loaded, long start) {
        LocalDateTime at = loaded.plan().getOrigin().plusSeconds(start);
        LocalDateTime from = at.toLocalDate().atTime(at.getHour() / 2 * 2, 0);
        return new RequestWriter.PromisedWindow(from.atZone(loaded.timeZone()).toOffsetDateTime(),
                from.plusHours(2).atZone(loaded.timeZone()).toOffsetDateTime());
    }

    private static void checkRead(LoadedPlan loaded, Shift shift, @Nullable Integer read) {
        LoadedPlan.ShiftKey key = loaded.shiftKey(shift);
        Integer now = loaded.routeVersion(key);
        if (read != null && !read.equals(now)) {
            throw new StaleRouteException(key.technicianId(), shift.getTechnician().name(), key.day(), read, now);
        }
    }

    /** Technicians working in {@code zoneId} throughout {@code from..to} on {@code date} with no visit overlapping it. */
    @Transactional(readOnly = true)
    public List<Free> free(LocalDate date, long zoneId, LocalTime from, LocalTime to, CurrentUser user) {
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", to, "is not after from (" + from + ")");
        }
        scope.requireZone(user, zoneId);
        LoadedPlan loaded = problems.load(new PlanScope(date, date, Set.of(zoneId)));
        long a = Duration.between(loaded.plan().getOrigin(), date.atTime(from)).getSeconds();
        long b = Duration.between(loaded.plan().getOrigin(), date.atTime(to)).getSeconds();
        String zone = String.valueOf(zoneId);
        List<Free> out = new ArrayList<>();
        for (Shift shift : loaded.plan().getShifts()) {
            boolean works = shift.getZoneSegments().isEmpty() ? shift.getStartTime() <= a && shift.getNominalEnd() >= b
                    : shift.getZoneSegments().stream().anyMatch(z -> z.zone().id().equals(zone) && z.start() <= a && z.end() >= b);
            if (!works) {
                continue;
            }
            boolean busy = false;
            for (Visit v : shift.getVisits()) {
                VisitTiming t = v.getTiming();
                if (t != null && Math.min(t.arrival(), t.start()) < b && t.departure() > a) {
                    busy = true;
                }
            }
            if (!busy) {
                out.add(new Free(loaded.technicianId(shift), shift.getTechnician().name(), RouteRules.segments(shift, loaded.plan().getOrigin()), shift.getVisits().size()));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Free::visits).thenComparing(Free::name));
        return out;
    }

    private List<ZoneOutline> outlines(Set<Long> zones) {
        List<ZoneOutline> out = new ArrayList<>();
        var query = db.select(ZONE.ID, ZONE.NAME, ZONE.AREA).from(ZONE).where(ZONE.ACTIVE.isTrue());
        if (!zones.isEmpty()) {
            query = db.select(ZONE.ID, ZONE.NAME, ZONE.AREA).from(ZONE).where(ZONE.ACTIVE.isTrue(), ZONE.ID.in(zones));
        }
        query.orderBy(ZONE.ID).forEach(r -> {
            Geometry area = (Geometry) r.value3();
            List<List<double[]>> rings = new ArrayList<>();
            for (int i = 0; i < area.getNumGeometries(); i++) {
                List<double[]> ring = new ArrayList<>();
                for (Coordinate c : ((Polygon) area.getGeometryN(i)).getExteriorRing().getCoordinates()) {
                    ring.add(new double[] {c.y, c.x});
                }
                rings.add(ring);
            }
            out.add(new ZoneOutline(r.value1(), r.value2(), rings));
        });
        return out;
    }

    /** The caller's zones (empty = all, for administrators); see {@link ZoneScope}. */
    private Set<Long> zonesOf(CurrentUser user) {
        return scope.planningZones(user, Set.of());
    }

    private boolean visible(long requestId, CurrentUser user) {
        return scope.mayTouchRequest(user, requestId);
    }

    private static String hm(LoadedPlan loaded, long seconds) {
        LocalDateTime at = loaded.plan().getOrigin().plusSeconds(seconds);
        return at.format(HM);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
