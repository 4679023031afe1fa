package org.fieldplan.api.planning.replan;

import static org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.fieldplan.api.persistence.jooq.tables.records.ReplanProposalRecord;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.route.DayLock;
import org.fieldplan.api.planning.route.RouteStatus;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.PublishedPlacement;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.edit.RouteRules;
import org.fieldplan.engine.replan.ReplanChanges;
import org.fieldplan.engine.replan.Replanning;
import org.fieldplan.engine.solver.ConstraintWeights;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's replan proposals (issue 12): when a technician is marked absent, the day's published routes are
 * replanned with few changes (the engine's {@code publishedVisitChanged} rule, {@link Replanning}) and the result is
 * stored as a proposal for the dispatcher: who moves where, which customers get a new time, what is left out, in words
 * (English, Russian). Applying it writes the changed routes through {@link RouteWriter} (team members'
 * {@code route_stop_member} rows included), re-checked against every hard rule and the team rules, refused when one of
 * its routes moved on since; customers are told only when their time changed.
 * <p>
 * Teams: a team's common start is a fact of the problem (the customer was promised it), so the replan keeps every
 * member at that start. When one member's technician (or the lead's) is absent, the proposal either gives that
 * member's part to a free technician who can start with the team (the others stay) or, when the solver finds it
 * cheaper or necessary, places the whole team with other people at the same start, or leaves the whole team out; it
 * never leaves one part planned alone.
 */
@Service
public class ReplanProposals {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The promised window given to a customer whose start moved out of the old one (as a publish does). */
    private static final int WINDOW_MINUTES = 120;

    private final DSLContext db;
    private final PlanningProblems problems;
    private final RouteWriter routes;
    private final RequestWriter requests;
    private final DayLock locks;
    private final ZoneScope scope;
    private final Clock clock;
    private final MessageSource messages;
    private final long seconds;
    private final FieldPlanProperties fieldPlan;
    private final TransactionTemplate transaction;
    /**
     * Urgent requests a look could not place (nobody could take them, or they were not in the day's problem), with the
     * plan data version ({@code plan_data_counter}, moved by every committed change of routes, requests, schedules) it
     * was read at before loading: the watch runs every minute, and solving the same day again for the same request
     * gives the same answer until something changes. Per instance (a look on another instance tries once more).
     */
    private final Map<Long, Long> urgentTriedAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** How many urgent requests were solved for (tests read it to see a look skipped). */
    private final java.util.concurrent.atomic.AtomicLong urgentSolves = new java.util.concurrent.atomic.AtomicLong();

    ReplanProposals(DSLContext db, PlanningProblems problems, RouteWriter routes, RequestWriter requests, DayLock locks,
            ZoneScope scope, Clock clock, MessageSource messages, FieldPlanProperties fieldPlan,
            TransactionTemplate transaction, @Value("${fieldplan.replan.seconds:5}") long seconds) {
        this.fieldPlan = fieldPlan;
        this.transaction = transaction;
        this.db = db;
        this.problems = problems;
        this.routes = routes;
        this.requests = requests;
        this.locks = locks;
        this.scope = scope;
        this.clock = clock;
        this.messages = messages;
        this.seconds = seconds;
    }

    /**
     * Why a proposal was made: {@code absence} (a technician marked absent), {@code overrun} (the visit of
     * {@code requestId} runs {@code minutes} past its planned end, found by {@link OverrunWatch}) or {@code urgent}
     * (an urgent request for today). The automatic causes are proposed at most once per request.
     */
    public record Cause(String kind, @Nullable Long requestId, @Nullable Integer minutes) {
        public static final Cause ABSENCE = new Cause("absence", null, null);

        public static Cause overrun(long requestId, int minutes) {
            return new Cause("overrun", requestId, minutes);
        }

        public static Cause urgent(long requestId) {
            return new Cause("urgent", requestId, null);
        }

        boolean absence() {
            return "absence".equals(kind);
        }
    }

    /** Where one stop was when the absence came: a request's own stop (member 1) or a team member's (2..n). */
    public record Placement(long requestId, int member, long technicianId, OffsetDateTime start) {}

    /** The day's stops as they were before an absence took some off ({@link #capture}). */
    public record Published(LocalDate day, long absentTechnicianId, boolean publishedRoutes, List<Placement> stops) {}

    /** A route the proposal writes: the technician, the version it was made from (null: none then), its stops. */
    record ProposedRoute(long technicianId, @Nullable Integer version, List<ProposedStop> stops) {}

    record ProposedStop(long requestId, int member) {}

    /**
     * One change against the published day. {@code toTechnicianId} null: left out. Times are ISO offset date-times.
     * {@code newTime}: the start left the window promised to the customer (they are told when applied).
     */
    public record Change(long requestId, String number, String label, int member, int teamSize, long fromTechnicianId,
            @Nullable Long toTechnicianId, String publishedStart, @Nullable String newStart, boolean newTime) {}

    /** A proposal as the dispatcher sees it: the changes, also worded in the caller's language. */
    public record View(long id, LocalDate day, long technicianId, String technicianName, String status,
            OffsetDateTime createdAt, String cause, @Nullable Long causeRequestId, String reason, List<Change> changes,
            List<String> words) {}

    /** What applying did: the routes written, the customers told of a new time, the history notes written. */
    public record Applied(long id, int routes, List<Long> customersTold, List<String> notes) {}

    // ---- before the absence takes the stops off ----------------------------------------------------------------

    /**
     * Reads where every stop of {@code day} is (requests and team members) before the absence of
     * {@code absentTechnicianId} takes that technician's stops off: what the replan compares with.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Published capture(LocalDate day, long absentTechnicianId) {
        List<Placement> stops = new ArrayList<>();
        db.select(ROUTE_STOP.REQUEST_ID, ROUTE.TECHNICIAN_ID, ROUTE_STOP.START_AT).from(ROUTE_STOP).join(ROUTE)
                .on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID)).where(ROUTE.DAY.eq(day))
                .forEach(r -> stops.add(new Placement(r.value1(), 1, r.value2(), r.value3())));
        db.select(ROUTE_STOP_MEMBER.REQUEST_ID, ROUTE_STOP_MEMBER.MEMBER, ROUTE.TECHNICIAN_ID, ROUTE_STOP_MEMBER.START_AT)
                .from(ROUTE_STOP_MEMBER).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP_MEMBER.ROUTE_ID)).where(ROUTE.DAY.eq(day))
                .forEach(r -> stops.add(new Placement(r.value1(), r.value2(), r.value3(), r.value4())));
        boolean published = db.fetchExists(ROUTE, ROUTE.DAY.eq(day), ROUTE.STATUS.eq(RouteStatus.PUBLISHED));
        return new Published(day, absentTechnicianId, published, List.copyOf(stops));
    }

    // ---- proposing ----------------------------------------------------------------------------------------------

    /**
     * Solves the minimal-change replan of the day after the absence {@code before} describes (its stops already taken
     * off) within the caller's zones, and stores it as the day's open proposal (an older open one of the day is
     * superseded). Runs the solver for at most {@code fieldplan.replan.seconds}; call it outside a transaction.
     *
     * @return the proposal's id, or empty when the absent technician had nothing that could move
     */
    public Optional<Long> propose(Published before, CurrentUser user) {
        return propose(before, user, Cause.ABSENCE);
    }

    /**
     * Proposes a replan of today after the visit of {@code requestId} ran {@code minutes} past its planned end (the
     * technician is busy there until at least a few minutes from now, see {@code VisitAssembly}): the rest of the day
     * with few changes, the technician's later visits moved to others or to new times (the customers told when
     * applied). Stored even when nothing else has to change (the dispatcher sees the overrun); at most once per request.
     *
     * @return the proposal's id, or empty when the visit is on no route or was proposed for already
     */
    public Optional<Long> proposeOverrun(long requestId, int minutes) {
        var stop = db.select(ROUTE.DAY, ROUTE.TECHNICIAN_ID).from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .where(ROUTE_STOP.REQUEST_ID.eq(requestId)).fetchOne();
        if (stop == null || db.fetchExists(REPLAN_PROPOSAL, REPLAN_PROPOSAL.CAUSE.eq("overrun"),
                REPLAN_PROPOSAL.CAUSE_REQUEST_ID.eq(requestId))) {
            return Optional.empty();
        }
        Published before = Objects.requireNonNull(transaction.execute(tx -> capture(stop.value1(), stop.value2())));
        return propose(before, CurrentUser.system("overrun watch"), Cause.overrun(requestId, minutes));
    }

    /**
     * Proposes a replan of today that places the urgent request {@code requestId} (priority urgent, due today, agreed,
     * on no route) with few changes to the published day; its customer is told the time when applied.
     *
     * @return the proposal's id, or empty when it was proposed for already or cannot be placed today
     */
    public Optional<Long> proposeUrgent(long requestId) {
        if (db.fetchExists(REPLAN_PROPOSAL, REPLAN_PROPOSAL.CAUSE.eq("urgent"), REPLAN_PROPOSAL.CAUSE_REQUEST_ID.eq(requestId))) {
            return Optional.empty();
        }
        // the version first, the data after it: a change committed in between makes the next look try again
        long version = planDataVersion();
        Long tried = urgentTriedAt.get(requestId);
        if (tried != null && tried == version) {
            return Optional.empty(); // nothing changed since it could not be placed
        }
        urgentSolves.incrementAndGet();
        LocalDate today = LocalDate.now(clock.withZone(fieldPlan.timeZone()));
        Published before = Objects.requireNonNull(transaction.execute(tx -> capture(today, 0)));
        Optional<Long> made = propose(before, CurrentUser.system("urgent request watch"), Cause.urgent(requestId));
        if (made.isEmpty()) {
            urgentTriedAt.put(requestId, version);
        } else {
            urgentTriedAt.remove(requestId);
        }
        return made;
    }

    /** Forgets the urgent requests not in {@code stillWaiting} (placed, no longer urgent or no longer for today). */
    void forgetUrgentExcept(java.util.Collection<Long> stillWaiting) {
        urgentTriedAt.keySet().retainAll(new java.util.HashSet<>(stillWaiting));
    }

    long urgentSolves() {
        return urgentSolves.get();
    }

    private long planDataVersion() {
        Long v = db.fetchOptional("SELECT version FROM plan_data_counter").map(r -> r.get(0, Long.class)).orElse(0L);
        return v == null ? 0 : v;
    }

    private Optional<Long> propose(Published before, CurrentUser user, Cause cause) {
        LocalDate day = before.day();
        String absent = String.valueOf(before.absentTechnicianId());
        if (cause.absence() && before.stops().stream().noneMatch(p -> p.technicianId() == before.absentTechnicianId())) {
            return Optional.empty();
        }
        LoadedPlan loaded = problems.load(new PlanScope(day, day, scope.planningZones(user, Set.of())));
        FieldPlan plan = loaded.plan();
        Map<String, Placement> byVisit = new HashMap<>();
        before.stops().forEach(p -> byVisit.put(visitId(p.requestId(), p.member()), p));
        // this proposal supersedes the day's open one: what that one had to solve comes along (an earlier absent
        // technician's visits, already off the routes, with where they were published; an earlier urgent request still
        // on no route), so one open proposal per day answers every cause since the routes were last written
        Map<Long, List<Integer>> carriedUrgent = new LinkedHashMap<>();
        for (Change c : openChanges(day)) {
            String id = visitId(c.requestId(), c.member());
            if (byVisit.containsKey(id)) {
                continue;
            }
            if (c.fromTechnicianId() == 0) {
                carriedUrgent.computeIfAbsent(c.requestId(), k -> new ArrayList<>()).add(c.member());
            } else {
                byVisit.put(id, new Placement(c.requestId(), c.member(), c.fromTechnicianId(),
                        OffsetDateTime.parse(c.publishedStart())));
            }
        }
        if (cause.requestId() != null && "urgent".equals(cause.kind())) {
            carriedUrgent.remove(cause.requestId());
        }
        Set<String> carriedUrgentVisits = new java.util.HashSet<>();
        carriedUrgent.forEach((req, members) -> members.forEach(m -> carriedUrgentVisits.add(visitId(req, m))));
        Map<Long, TimeWindow> promised = promisedWindows(loaded, byVisit.values());
        List<Visit> published = new ArrayList<>();
        boolean freed = false;
        String urgentVisit = "urgent".equals(cause.kind()) ? visitId(Objects.requireNonNull(cause.requestId()), 1) : null;
        Visit urgent = null;
        // the urgent request's visits: its own and, for a team, every member's (placed together or not at all)
        List<String> urgentVisits = new ArrayList<>();
        for (Visit v : plan.getVisits()) {
            Placement p = byVisit.get(v.getId());
            LoadedPlan.Member member = loaded.member(v);
            boolean ofUrgent = urgentVisit != null && (v.getId().equals(urgentVisit)
                    || (member != null && member.requestId() == Objects.requireNonNull(cause.requestId())));
            if (p == null && carriedUrgentVisits.contains(v.getId()) && !v.isAssigned()) {
                published.add(v); // an earlier urgent request, to be placed again with this cause
                continue;
            }
            if (p == null && ofUrgent) {
                if (v.getId().equals(urgentVisit)) {
                    urgent = v; // not published: it joins unassigned, to be placed
                }
                urgentVisits.add(v.getId());
                published.add(v);
                continue;
            }
            if (p == null || v.isPinned()) {
                if (p != null) {
                    published.add(v);
                }
                continue;
            }
            long start = loaded.seconds(p.start().toInstant());
            TimeWindow promise = promised.get(p.requestId());
            if (promise == null || !promise.contains(start)) {
                promise = new TimeWindow(start, start);
            }
            v.setPublished(new PublishedPlacement(String.valueOf(p.technicianId()), start, promise));
            published.add(v);
            freed |= v.getShift() == null && p.technicianId() == before.absentTechnicianId();
        }
        if ((cause.absence() && !freed) || (urgentVisit != null && urgent == null)) {
            return Optional.empty(); // its stops were started, done or in other zones: nothing to replan here
        }
        // only what was published takes part (requests never planned stay for the next planning job)
        FieldPlan day0 = new FieldPlan(plan.getOrigin(), plan.getTechnicians(), plan.getZones(), plan.getShifts(),
                published, plan.getTravelMatrix());
        long now = loaded.seconds(clock.instant());
        FieldPlan problem = Replanning.from(day0, now, cause.absence() ? Set.of(absent) : Set.of(), List.of());
        problem.setConstraintWeightOverrides(ConstraintWeights.minimalChange(1));
        // one solve with the rule and the replan's phases (a travel search that charges the rule, then local search):
        // Replanning.solve's extra rounds placed no more on the bench day (docs/engine.md)
        FieldPlan solved = Replanning.replan(problem, new SolverSettings(Duration.ofSeconds(seconds),
                Duration.ofSeconds(Math.max(1, seconds / 2)), SolverSettings.DEFAULT_SEED, false), ProgressListener.NONE);

        List<Change> changes = new ArrayList<>(changes(loaded, solved, byVisit));
        long owner = before.absentTechnicianId(); // whose proposal it is (who may see it): the urgent one's technician
        if (urgentVisit != null) {
            long req = Objects.requireNonNull(cause.requestId());
            List<Change> placing = placements(loaded, solved, req, urgentVisits);
            if (placing == null) {
                return Optional.empty(); // nobody can take it (or one of its team) today: tried again after a change
            }
            owner = Objects.requireNonNull(placing.get(0).toTechnicianId());
            changes.addAll(0, placing);
        }
        // the earlier urgent requests this one carries: placed whole (every member) or not proposed
        for (Map.Entry<Long, List<Integer>> e : carriedUrgent.entrySet()) {
            List<Change> placing = placements(loaded, solved, e.getKey(),
                    e.getValue().stream().map(m -> visitId(e.getKey(), m)).toList());
            if (placing != null) {
                changes.addAll(placing);
            }
        }
        Set<String> changed = new java.util.HashSet<>();
        changes.forEach(c -> changed.add(visitId(c.requestId(), c.member())));
        // the routes that differ from the day as it is now (in order, or in a customer's time)
        Map<String, List<String>> current = new HashMap<>();
        plan.getShifts().forEach(s -> current.put(s.getId(), s.getVisits().stream().map(Visit::getId).toList()));
        List<ProposedRoute> proposed = new ArrayList<>();
        for (Shift shift : solved.getShifts()) {
            List<String> ids = shift.getVisits().stream().map(Visit::getId).toList();
            if (ids.equals(current.getOrDefault(shift.getId(), List.of())) && ids.stream().noneMatch(changed::contains)) {
                continue;
            }
            List<ProposedStop> stops = new ArrayList<>();
            for (Visit v : shift.getVisits()) {
                LoadedPlan.Member m = loaded.member(v);
                if (m != null) {
                    stops.add(new ProposedStop(m.requestId(), m.number()));
                } else if (loaded.isRequest(v)) {
                    stops.add(new ProposedStop(loaded.requestId(v), 1));
                }
            }
            LoadedPlan.ShiftKey key = loaded.shiftKey(shift);
            proposed.add(new ProposedRoute(key.technicianId(), loaded.routeVersion(key), stops));
        }
        if (cause.absence() && proposed.isEmpty() && changes.isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime at = OffsetDateTime.now(clock);
        long proposalOwner = owner;
        Long stored;
        try {
            stored = transaction.execute(tx -> {
            DSLContext t = db;
            t.update(REPLAN_PROPOSAL).set(REPLAN_PROPOSAL.STATUS, "superseded").set(REPLAN_PROPOSAL.DECIDED_AT, at)
                    .where(REPLAN_PROPOSAL.DAY.eq(day), REPLAN_PROPOSAL.STATUS.eq("open")).execute();
            return t.insertInto(REPLAN_PROPOSAL).set(REPLAN_PROPOSAL.DAY, day)
                    .set(REPLAN_PROPOSAL.TECHNICIAN_ID, proposalOwner)
                    .set(REPLAN_PROPOSAL.PUBLISH, before.publishedRoutes())
                    .set(REPLAN_PROPOSAL.ROUTES, JSON.writeValueAsString(proposed))
                    .set(REPLAN_PROPOSAL.CHANGES, JSON.writeValueAsString(changes))
                    .set(REPLAN_PROPOSAL.CREATED_AT, at).set(REPLAN_PROPOSAL.CREATED_BY, user.recordedUserId())
                    .set(REPLAN_PROPOSAL.CAUSE, cause.kind()).set(REPLAN_PROPOSAL.CAUSE_REQUEST_ID, cause.requestId())
                    .set(REPLAN_PROPOSAL.CAUSE_MINUTES, cause.minutes())
                    .returningResult(REPLAN_PROPOSAL.ID).fetchOne(REPLAN_PROPOSAL.ID);
            });
        } catch (org.springframework.dao.DataIntegrityViolationException | org.jooq.exception.DataAccessException e) {
            if (cause.requestId() != null && db.fetchExists(REPLAN_PROPOSAL, REPLAN_PROPOSAL.CAUSE.eq(cause.kind()),
                    REPLAN_PROPOSAL.CAUSE_REQUEST_ID.eq(cause.requestId()))) {
                return Optional.empty(); // another instance proposed for the same cause meanwhile
            }
            throw e;
        }
        return Optional.ofNullable(stored);
    }

    /**
     * The changes that place request {@code requestId}'s visits {@code visitIds} (its own and its team members'),
     * member 1 first; null when one of them is not placed.
     */
    private @Nullable List<Change> placements(LoadedPlan loaded, FieldPlan solved, long requestId, List<String> visitIds) {
        List<Change> placing = new ArrayList<>();
        for (String id : visitIds) {
            Visit placed = solved.getVisits().stream().filter(v -> v.getId().equals(id)).findFirst().orElse(null);
            if (placed == null || placed.getShift() == null || placed.getTiming() == null) {
                return null;
            }
            LoadedPlan.Member m = loaded.member(placed);
            String[] texts = requestTexts(List.of(requestId))
                    .getOrDefault(requestId, new String[] {String.valueOf(requestId), placed.getLabel()});
            String start = loaded.instant(placed.getTiming().start()).atOffset(ZoneOffset.UTC).toString();
            placing.add(new Change(requestId, texts[0], texts[1], m == null ? 1 : m.number(), visitIds.size(), 0,
                    loaded.shiftKey(placed.getShift()).technicianId(), start, start, true));
        }
        placing.sort(java.util.Comparator.comparingInt(Change::member));
        return placing.isEmpty() ? null : placing;
    }

    /** The changes of the day's open proposal (none: empty). */
    private List<Change> openChanges(LocalDate day) {
        String json = db.select(REPLAN_PROPOSAL.CHANGES).from(REPLAN_PROPOSAL)
                .where(REPLAN_PROPOSAL.DAY.eq(day), REPLAN_PROPOSAL.STATUS.eq("open"))
                .orderBy(REPLAN_PROPOSAL.ID.desc()).limit(1).fetchOne(REPLAN_PROPOSAL.CHANGES);
        return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<Change>>() {});
    }

    /** The published visits the solved replan changes, in request order, members in order. */
    private List<Change> changes(LoadedPlan loaded, FieldPlan solved, Map<String, Placement> byVisit) {
        ReplanChanges diff = ReplanChanges.of(solved);
        Map<String, Visit> visits = new HashMap<>();
        solved.getVisits().forEach(v -> visits.put(v.getId(), v));
        Map<String, ReplanChanges.Move> moves = new TreeMap<>();
        diff.moved().forEach(m -> moves.put(m.visitId(), m));
        diff.newTimes().forEach(m -> moves.put(m.visitId(), m));
        Set<String> newTimes = new java.util.HashSet<>();
        diff.newTimes().forEach(m -> newTimes.add(m.visitId()));
        Map<String, Change> out = new TreeMap<>();
        Map<Long, String[]> about = requestTexts(byVisit.values().stream().map(Placement::requestId).toList());
        for (ReplanChanges.Move m : moves.values()) {
            Visit v = visits.get(m.visitId());
            Placement p = byVisit.get(m.visitId());
            if (p == null) {
                continue;
            }
            out.put(m.visitId(), change(loaded, v, p, about, Long.parseLong(Objects.requireNonNull(m.toTechnicianId())),
                    m.newStart(), newTimes.contains(m.visitId())));
        }
        for (Visit v : diff.dropped()) {
            Placement p = byVisit.get(v.getId());
            if (p != null) {
                out.put(v.getId(), change(loaded, v, p, about, null, null, false));
            }
        }
        List<Change> list = new ArrayList<>(out.values());
        list.sort(java.util.Comparator.comparingLong(Change::requestId).thenComparingInt(Change::member));
        return list;
    }

    private static Change change(LoadedPlan loaded, Visit v, Placement p, Map<Long, String[]> about,
            @Nullable Long to, @Nullable Long newStart, boolean newTime) {
        String[] texts = about.getOrDefault(p.requestId(), new String[] {String.valueOf(p.requestId()), v.getLabel()});
        return new Change(p.requestId(), texts[0], texts[1], p.member(), v.getGroup() == null ? 1 : v.getGroup().size(),
                p.technicianId(), to, p.start().toString(),
                newStart == null ? null : loaded.instant(newStart).atOffset(ZoneOffset.UTC).toString(), newTime);
    }

    /** Each request's registration number and what is done there (its service types' names). */
    private Map<Long, String[]> requestTexts(List<Long> requestIds) {
        Map<Long, String[]> out = new HashMap<>();
        Map<Long, List<String>> names = new LinkedHashMap<>();
        db.select(SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_TYPE.NAME).from(SERVICE_REQUEST_ITEM).join(SERVICE_TYPE)
                .on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.in(requestIds)).orderBy(SERVICE_REQUEST_ITEM.LINE)
                .forEach(r -> names.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        db.select(SERVICE_REQUEST.ID, SERVICE_REQUEST.REGISTRATION_NUMBER).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.ID.in(requestIds))
                .forEach(r -> out.put(r.value1(), new String[] {r.value2(),
                        String.join(", ", names.getOrDefault(r.value1(), List.of(r.value2())))}));
        return out;
    }

    /** The window promised to each request's customer, in plan seconds (none: the request has none). */
    private Map<Long, TimeWindow> promisedWindows(LoadedPlan loaded, java.util.Collection<Placement> stops) {
        Map<Long, TimeWindow> out = new HashMap<>();
        db.select(SERVICE_REQUEST.ID, SERVICE_REQUEST.WINDOW_START, SERVICE_REQUEST.WINDOW_END).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.ID.in(stops.stream().map(Placement::requestId).distinct().toList()),
                        SERVICE_REQUEST.WINDOW_START.isNotNull(), SERVICE_REQUEST.WINDOW_END.isNotNull())
                .forEach(r -> {
                    long a = loaded.seconds(r.value2().toInstant());
                    long b = loaded.seconds(r.value3().toInstant());
                    if (a <= b) {
                        out.put(r.value1(), new TimeWindow(a, b));
                    }
                });
        return out;
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /** The open proposals of {@code day} for technicians the caller may see, newest first, worded in {@code locale}. */
    @Transactional(readOnly = true)
    public List<View> open(LocalDate day, CurrentUser user, Locale locale) {
        ZoneScope.Zones zones = scope.zones(user);
        List<View> out = new ArrayList<>();
        for (ReplanProposalRecord r : db.selectFrom(REPLAN_PROPOSAL).where(REPLAN_PROPOSAL.DAY.eq(day),
                REPLAN_PROPOSAL.STATUS.eq("open")).orderBy(REPLAN_PROPOSAL.ID.desc()).fetch()) {
            if (zones.none() || !mayTouchTechnician(user, r.getTechnicianId())) {
                continue;
            }
            out.add(view(r, locale));
        }
        return out;
    }

    /** One proposal (any status), worded in {@code locale}; 404 outside the caller's zones. */
    @Transactional(readOnly = true)
    public View get(long id, CurrentUser user, Locale locale) {
        return view(visible(id, user), locale);
    }

    private ReplanProposalRecord visible(long id, CurrentUser user) {
        ReplanProposalRecord r = db.selectFrom(REPLAN_PROPOSAL).where(REPLAN_PROPOSAL.ID.eq(id)).fetchOne();
        if (r == null || !mayTouchTechnician(user, r.getTechnicianId())) {
            throw new NotFoundException("replan proposal", id);
        }
        return r;
    }

    private boolean mayTouchTechnician(CurrentUser user, long technicianId) {
        try {
            scope.requireTechnician(user, technicianId);
            return true;
        } catch (org.fieldplan.api.web.ApiException e) {
            return false;
        }
    }

    private View view(ReplanProposalRecord r, Locale locale) {
        List<Change> changes = JSON.readValue(r.getChanges(), new TypeReference<List<Change>>() {});
        Map<Long, String> names = technicianNames();
        List<String> words = new ArrayList<>();
        for (Change c : changes) {
            words.add(words(c, names, locale));
        }
        String technician = names.getOrDefault(r.getTechnicianId(), String.valueOf(r.getTechnicianId()));
        return new View(r.getId(), r.getDay(), r.getTechnicianId(), technician, r.getStatus(), r.getCreatedAt(),
                r.getCause(), r.getCauseRequestId(), reason(r, technician, locale), changes, words);
    }

    /** Why the proposal was made, in words: "Visit R-… runs 32 min past its planned end (Anna Borg)". */
    private String reason(ReplanProposalRecord r, String technician, Locale locale) {
        if ("absence".equals(r.getCause()) || r.getCauseRequestId() == null) {
            return messages.getMessage("replan.cause.absence", new Object[] {technician}, locale);
        }
        String number = String.valueOf(db.fetchValue(SERVICE_REQUEST.REGISTRATION_NUMBER,
                SERVICE_REQUEST.ID.eq(r.getCauseRequestId())));
        return messages.getMessage("replan.cause." + r.getCause(), new Object[] {number,
                r.getCauseMinutes() == null ? 0 : r.getCauseMinutes(), technician}, locale);
    }

    /**
     * One change in words: "Yard cleaning at 10:00: Technician 7 replaces Technician 3" (a team member or a visit
     * given to someone else at its time), "... 11:30 instead of 10:00; the customer is told" (a new time), "... left
     * out: nobody can take Technician 3's place" (dropped).
     */
    private String words(Change c, Map<Long, String> names, Locale locale) {
        String from = names.getOrDefault(c.fromTechnicianId(), String.valueOf(c.fromTechnicianId()));
        String what = c.label() + " (" + c.number()
                + (c.teamSize() > 1 ? ", " + messages.getMessage("replan.member", new Object[] {c.member(), c.teamSize()}, locale) : "")
                + ")";
        String was = hm(c.publishedStart());
        if (c.toTechnicianId() == null) {
            return messages.getMessage(c.teamSize() > 1 ? "replan.change.droppedTeam" : "replan.change.dropped",
                    new Object[] {what, was, from}, locale);
        }
        String to = names.getOrDefault(c.toTechnicianId(), String.valueOf(c.toTechnicianId()));
        String now = c.newStart() == null ? was : hm(c.newStart());
        if (c.fromTechnicianId() == 0) {
            return messages.getMessage("replan.change.placed", new Object[] {what, now, to}, locale);
        }
        if (c.newTime()) {
            return messages.getMessage(c.toTechnicianId() == c.fromTechnicianId() ? "replan.change.newTime"
                    : "replan.change.replacesNewTime", new Object[] {what, was, to, from, now}, locale);
        }
        return messages.getMessage("replan.change.replaces", new Object[] {what, now, to, from}, locale);
    }

    private String hm(String isoOffset) {
        return OffsetDateTime.parse(isoOffset).atZoneSameInstant(fieldPlan.timeZone()).format(HM);
    }

    private Map<Long, String> technicianNames() {
        Map<Long, String> out = new HashMap<>();
        db.select(TECHNICIAN.ID, TECHNICIAN.NAME).from(TECHNICIAN).forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    // ---- deciding -----------------------------------------------------------------------------------------------

    /** Discards an open proposal (the routes stay as the absence left them, for the next planning job). */
    @Transactional
    public void discard(long id, CurrentUser user) {
        ReplanProposalRecord r = lockOpen(id, user);
        r.setStatus("discarded");
        r.setDecidedAt(OffsetDateTime.now(clock));
        r.setDecidedBy(user.recordedUserId());
        r.store();
    }

    private ReplanProposalRecord lockOpen(long id, CurrentUser user) {
        visible(id, user);
        ReplanProposalRecord r = db.selectFrom(REPLAN_PROPOSAL).where(REPLAN_PROPOSAL.ID.eq(id)).forUpdate().fetchSingle();
        if (!"open".equals(r.getStatus())) {
            throw new ConflictException("Replan proposal " + id + " is " + r.getStatus() + "; only an open proposal can be "
                    + "applied or discarded.", Map.of("status", r.getStatus()));
        }
        return r;
    }

    /**
     * Applies an open proposal in one transaction under the day's lock: each of its routes must still be at the
     * version it was made from (else 409: the day moved on, propose again by marking the absence again or plan the
     * day); the routes are rebuilt, re-timed and checked against every hard rule and the team rules (a refusal names
     * them), then written through {@link RouteWriter}. A request whose first member moved to another technician is
     * reassigned; a customer whose start left the promised window gets a new window and is told; a team member
     * replaced or a team left out gets a history note (who, from whom to whom, by whom).
     */
    @Transactional
    public Applied apply(long id, CurrentUser user) {
        ReplanProposalRecord r = lockOpen(id, user);
        LocalDate day = r.getDay();
        locks.lock(day);
        List<ProposedRoute> proposed = JSON.readValue(r.getRoutes(), new TypeReference<List<ProposedRoute>>() {});
        List<Change> changes = JSON.readValue(r.getChanges(), new TypeReference<List<Change>>() {});
        LoadedPlan loaded = problems.load(new PlanScope(day, day, Set.of()));
        Map<String, Visit> visits = new HashMap<>();
        loaded.plan().getVisits().forEach(v -> visits.put(v.getId(), v));
        Map<String, Shift> shifts = new HashMap<>();
        loaded.plan().getShifts().forEach(s -> shifts.put(s.getId(), s));
        List<Shift> written = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        for (ProposedRoute route : proposed) {
            Shift shift = shifts.get(LoadedPlan.shiftId(route.technicianId(), day));
            LoadedPlan.ShiftKey key = new LoadedPlan.ShiftKey(route.technicianId(), day);
            if (shift == null) {
                moved.add(names().getOrDefault(route.technicianId(), "technician " + route.technicianId())
                        + " no longer works on " + day);
                continue;
            }
            if (!Objects.equals(loaded.routeVersion(key), route.version())) {
                moved.add(shift.getTechnician().name() + "'s route of " + day + " changed since (version "
                        + route.version() + ", now " + loaded.routeVersion(key) + ")");
            }
            written.add(shift);
        }
        if (!moved.isEmpty()) {
            throw new ConflictException("Replan proposal " + id + " was made from routes that changed since: "
                    + String.join("; ", moved) + ". Discard it and replan the day.", Map.of("changed", moved));
        }
        for (int i = 0; i < proposed.size(); i++) {
            Shift shift = written.get(i);
            List<Visit> list = new ArrayList<>();
            for (ProposedStop s : proposed.get(i).stops()) {
                Visit v = visits.get(visitId(s.requestId(), s.member()));
                if (v == null) {
                    throw new ConflictException("Replan proposal " + id + " places request " + s.requestId()
                            + (s.member() > 1 ? " (member " + s.member() + ")" : "") + ", which can no longer be planned"
                            + " on " + day + ". Discard it and replan the day.");
                }
                list.add(v);
            }
            int pinned = shift.getPinnedVisitCount();
            shift.setVisits(list);
            shift.pinVisits(Math.min(pinned, list.size()));
        }
        // a visit the proposal takes off its route without placing it (a team left out whole) is on no shift now
        Set<String> placed = new java.util.HashSet<>();
        loaded.plan().getShifts().forEach(s -> s.getVisits().forEach(v -> placed.add(v.getId())));
        loaded.plan().getVisits().forEach(v -> {
            if (!placed.contains(v.getId())) {
                v.setShift(null);
                v.setPreviousVisit(null);
                v.setTiming(null);
            }
        });
        PlanSolver.score(loaded.plan());
        List<String> violations = new ArrayList<>();
        for (Shift shift : written) {
            violations.addAll(RouteRules.violations(shift, loaded.plan().getOrigin()));
        }
        Set<String> groups = new java.util.HashSet<>();
        for (Shift shift : written) {
            for (Visit v : shift.getVisits()) {
                if (v.getGroup() != null && groups.add(v.getGroup().id())) {
                    violations.addAll(RouteRules.groupViolations(v, loaded.plan().getVisits(), loaded.plan().getOrigin()));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new ConflictException("Replan proposal " + id + " would break a rule on the routes as they are now: "
                    + String.join("; ", violations) + ". Discard it and replan the day.", Map.of("violations", violations));
        }
        routes.saveShifts(loaded, written, r.getPublish() ? RouteStatus.PUBLISHED : null, null);

        // the requests: a new technician for the first member, a new time told to the customer, notes on teams
        Map<Long, String> names = names();
        String absentName = names.getOrDefault(r.getTechnicianId(), String.valueOf(r.getTechnicianId()));
        List<Long> told = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Change c : changes) {
            Visit v = visits.get(visitId(c.requestId(), c.member()));
            String from = names.getOrDefault(c.fromTechnicianId(), String.valueOf(c.fromTechnicianId()));
            String what = c.teamSize() > 1 ? "Team member " + c.member() + " of " + c.teamSize() : "The visit";
            String by = " Replan after " + ("absence".equals(r.getCause()) ? absentName + "'s absence"
                    : "overrun".equals(r.getCause()) ? "an overrunning visit of " + absentName : "an urgent request")
                    + ", applied by " + user.username() + ".";
            if (c.toTechnicianId() == null || v == null || v.getShift() == null) {
                String note = what + ": left unplanned (was " + from + ", " + hm(c.publishedStart()) + ")." + by;
                requests.note(c.requestId(), note, user);
                notes.add(note);
                continue;
            }
            long to = c.toTechnicianId();
            String toName = names.getOrDefault(to, String.valueOf(to));
            long start = Objects.requireNonNull(v.getTiming()).start();
            String at = loaded.plan().getOrigin().plusSeconds(start).format(HM);
            String note = c.fromTechnicianId() == 0 ? what + ": placed with " + toName + " at " + at + "." + by
                    : what + ": " + toName + " replaces " + from + (c.newTime()
                    ? ", " + at + " instead of " + hm(c.publishedStart()) : " at " + at) + "." + by;
            if (c.newTime() && c.member() == 1) {
                told.add(c.requestId());
                requests.schedule(c.requestId(), to, window(loaded, start), note, user);
            } else if (c.member() == 1) {
                requests.reassignSameTime(c.requestId(), to, note, user);
            } else {
                requests.note(c.requestId(), note, user);
            }
            notes.add(note);
        }
        r.setStatus("applied");
        r.setDecidedAt(OffsetDateTime.now(clock));
        r.setDecidedBy(user.recordedUserId());
        r.store();
        return new Applied(id, written.size(), told, notes);
    }

    /** A promised window of {@value #WINDOW_MINUTES} minutes containing the start (as a publish gives one). */
    private RequestWriter.PromisedWindow window(LoadedPlan loaded, long start) {
        LocalDateTime at = loaded.plan().getOrigin().plusSeconds(start);
        LocalDateTime day = at.toLocalDate().atStartOfDay();
        long minutes = ChronoUnit.MINUTES.between(day, at);
        LocalDateTime from = day.plusMinutes(minutes / WINDOW_MINUTES * WINDOW_MINUTES);
        return new RequestWriter.PromisedWindow(from.atZone(loaded.timeZone()).toOffsetDateTime(),
                from.plusMinutes(WINDOW_MINUTES).atZone(loaded.timeZone()).toOffsetDateTime());
    }

    private Map<Long, String> names() {
        return technicianNames();
    }

    private static String visitId(long requestId, int member) {
        return member <= 1 ? LoadedPlan.visitId(requestId) : LoadedPlan.memberVisitId(requestId, member);
    }

}
