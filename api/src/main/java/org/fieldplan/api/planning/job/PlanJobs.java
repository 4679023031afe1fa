package org.fieldplan.api.planning.job;

import static org.fieldplan.api.persistence.jooq.Tables.PLAN_JOB;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_ABSENCE;

import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverManager;
import ai.timefold.solver.core.config.solver.SolverManagerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.persistence.jooq.tables.records.PlanJobRecord;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.RouteStore;
import org.fieldplan.api.planning.job.PlanJobMessages.Job;
import org.fieldplan.api.planning.job.PlanJobMessages.NewJob;
import org.fieldplan.api.planning.job.PlanJobMessages.Plan;
import org.fieldplan.api.planning.job.PlanJobMessages.ProgressEvent;
import org.fieldplan.api.planning.job.PlanJobMessages.Route;
import org.fieldplan.api.planning.job.PlanJobMessages.Stop;
import org.fieldplan.api.planning.job.PlanJobMessages.Unassigned;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.solver.PlanExplainer;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.solver.VisitExplanation;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Planning jobs around Timefold's {@link SolverManager}: one solver at a time (the machine's cores go to its
 * search), more jobs wait as queued. The best plan is stored every few seconds and at the end, with the job's
 * counters, so that any instance can show it; each instance beats a heartbeat into the jobs it runs, and a job whose
 * instance stopped beating for {@value #STALE_SECONDS} s is shown as interrupted and can be resumed from its best plan.
 * Stop requests go through the database too, so any instance can stop any job.
 * <p>
 * Publishing writes the plan's routes (published) in one transaction, schedules each routed request with its
 * technician and a promised window (an existing one is kept; otherwise a window of {@code fieldplan.planning
 * .window-minutes} containing the planned start; the customer is notified through the lifecycle), and refuses with
 * 409 when requests were added to the scope since the job loaded its problem (a re-plan, i.e. resume, includes them).
 * <p>
 * Re-planning changes as little as possible by starting from what is there: a new job loads the current routes as
 * its starting point (with started, done and pinned stops fixed), and the search only moves what improves the plan.
 */
@Service
public class PlanJobs implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(PlanJobs.class);
    static final int STALE_SECONDS = 30;
    static final int PERSIST_EVERY_MILLIS = 2000;
    static final int MAX_SECONDS = 3600;
    static final int WINDOW_MINUTES = 120;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final ZoneScope zoneScope;
    private final PlanningProblems problems;
    private final RouteStore routes;
    private final ServiceRequests requests;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final FieldPlanProperties fieldPlan;
    private final SolverManager<FieldPlan> solverManager;
    private final String instance;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Map<Long, List<SseEmitter>> listeners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService beat;
    /** server-sent events go out here, never on the solver's threads (a slow client must not hold up a solve) */
    private final java.util.concurrent.ExecutorService notifier = Executors.newVirtualThreadPerTaskExecutor();

    /** A job solving in this instance. */
    private static final class Running {
        volatile @Nullable LoadedPlan loaded;
        volatile long persistedAt;
        volatile boolean stopRequested;
        final long startedNanos = System.nanoTime();
    }

    public PlanJobs(DSLContext db, PlanningProblems problems, RouteStore routes, ServiceRequests requests,
            TransactionTemplate transaction, Clock clock, FieldPlanProperties fieldPlan, ZoneScope zoneScope) {
        this.zoneScope = zoneScope;
        this.db = db;
        this.problems = problems;
        this.routes = routes;
        this.requests = requests;
        this.transaction = transaction;
        this.clock = clock;
        this.fieldPlan = fieldPlan;
        this.solverManager = SolverManager.create(SolverConfigs.solverConfig(SolverSettings.ofSeconds(30)),
                new SolverManagerConfig().withParallelSolverCount("1"));
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "host";
        }
        this.instance = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plan-job-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void startBeating() {
        beat.scheduleWithFixedDelay(this::beatOnce, 0, 5, TimeUnit.SECONDS);
    }

    /** This instance's jobs are alive; others' silent ones are interrupted; stop requests are honoured. */
    void beatOnce() {
        try {
            if (!running.isEmpty()) {
                db.update(PLAN_JOB).set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                        .where(PLAN_JOB.ID.in(running.keySet())).execute();
                for (Long id : db.select(PLAN_JOB.ID).from(PLAN_JOB)
                        .where(PLAN_JOB.ID.in(running.keySet()), PLAN_JOB.STOP_REQUESTED.isTrue()).fetch(PLAN_JOB.ID)) {
                    Running r = running.get(id);
                    if (r != null && !r.stopRequested) {
                        r.stopRequested = true;
                        solverManager.terminateEarly(id);
                    }
                }
            }
            interruptSilentJobs();
        } catch (RuntimeException e) {
            LOG.warn("planning job heartbeat failed: {}", e.toString());
        }
    }

    /** Jobs left queued or solving by an instance that stopped beating are interrupted (resumable). */
    int interruptSilentJobs() {
        return db.update(PLAN_JOB).set(PLAN_JOB.STATUS, "interrupted")
                .set(PLAN_JOB.ENDED_AT, OffsetDateTime.now(clock))
                .set(PLAN_JOB.ERROR, "the service instance running it stopped; resume it to go on from its best plan")
                .where(PLAN_JOB.STATUS.in("queued", "solving"),
                        PLAN_JOB.OWNER.isNull().or(PLAN_JOB.OWNER.ne(instance)),
                        DSL.coalesce(PLAN_JOB.HEARTBEAT_AT, PLAN_JOB.CREATED_AT)
                                .lt(DSL.field("now() - interval '" + STALE_SECONDS + " seconds'", OffsetDateTime.class)))
                .execute();
    }

    // ---- start, stop, resume ------------------------------------------------------------------------------------

    public Job start(NewJob in, CurrentUser user) {
        List<FieldProblem> problemsFound = new ArrayList<>();
        if (in.from() == null) {
            problemsFound.add(new FieldProblem("from", null, "is required: the first day to plan, e.g. 2026-06-02"));
        }
        if (in.to() == null) {
            problemsFound.add(new FieldProblem("to", null, "is required: the last day to plan (the same day for one day)"));
        }
        int seconds = in.seconds() == null ? 30 : in.seconds();
        if (seconds < 1 || seconds > MAX_SECONDS) {
            problemsFound.add(new FieldProblem("seconds", in.seconds(), "must be between 1 and " + MAX_SECONDS));
        }
        // the caller's zones (403 for another's zone or a dispatcher with none); all zones only for administrators
        Set<Long> zones = zoneScope.planningZones(user, in.zoneIds() == null ? List.of()
                : in.zoneIds().stream().filter(java.util.Objects::nonNull).toList());
        if (!problemsFound.isEmpty()) {
            throw new InvalidInputException(problemsFound);
        }
        PlanScope scope = new PlanScope(in.from(), in.to(), zones);
        problems.check(scope); // bad range or unknown zones: 400 before anything is stored
        long id = db.insertInto(PLAN_JOB)
                .set(PLAN_JOB.FROM_DAY, scope.from()).set(PLAN_JOB.TO_DAY, scope.to())
                .set(PLAN_JOB.ZONE_IDS, String.join(",", zones.stream().map(String::valueOf).toList()))
                .set(PLAN_JOB.SECONDS, seconds).set(PLAN_JOB.STATUS, "queued")
                .set(PLAN_JOB.CREATED_BY, user.recordedUserId()).set(PLAN_JOB.CREATED_BY_NAME, user.username())
                .set(PLAN_JOB.CREATED_AT, OffsetDateTime.now(clock)).set(PLAN_JOB.OWNER, instance)
                .set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .returningResult(PLAN_JOB.ID).fetchSingle().value1();
        launch(id, scope, seconds, null);
        return get(id, user, false);
    }

    /** Asks the job to stop (wherever it runs); it keeps its best plan. */
    public Job stop(long id, CurrentUser user) {
        PlanJobRecord job = visible(id, user);
        if (!job.getStatus().equals("queued") && !job.getStatus().equals("solving")) {
            throw new ConflictException("Job " + id + " is " + job.getStatus() + "; only a queued or solving job can be stopped.");
        }
        db.update(PLAN_JOB).set(PLAN_JOB.STOP_REQUESTED, true).where(PLAN_JOB.ID.eq(id)).execute();
        Running r = running.get(id);
        if (r != null) {
            r.stopRequested = true;
            solverManager.terminateEarly(id);
        }
        return get(id, user, false);
    }

    /** Solves an interrupted, stopped or finished job again, starting from its best plan. */
    public Job resume(long id, @Nullable Integer seconds, CurrentUser user) {
        PlanJobRecord job = visible(id, user);
        if (!Set.of("interrupted", "stopped", "finished", "failed").contains(job.getStatus())) {
            throw new ConflictException("Job " + id + " is " + job.getStatus() + "; only an interrupted, stopped, finished "
                    + "or failed job can be resumed.");
        }
        int limit = seconds == null ? job.getSeconds() : seconds;
        if (limit < 1 || limit > MAX_SECONDS) {
            throw new InvalidInputException("seconds", seconds, "must be between 1 and " + MAX_SECONDS);
        }
        db.update(PLAN_JOB).set(PLAN_JOB.STATUS, "queued").set(PLAN_JOB.OWNER, instance)
                .set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime()).set(PLAN_JOB.STOP_REQUESTED, false)
                .set(PLAN_JOB.ERROR, (String) null).set(PLAN_JOB.ENDED_AT, (OffsetDateTime) null)
                .set(PLAN_JOB.SECONDS, limit).where(PLAN_JOB.ID.eq(id)).execute();
        Plan best = job.getBestPlan() == null ? null : JSON.readValue(job.getBestPlan(), Plan.class);
        launch(id, scope(job), limit, best);
        return get(id, user, false);
    }

    private void launch(long id, PlanScope scope, int seconds, @Nullable Plan warmStart) {
        Running run = new Running();
        running.put(id, run);
        solverManager.solveBuilder()
                .withProblemId(id)
                .withProblemFinder(problemId -> {
                    LoadedPlan loaded = problems.load(scope);
                    if (warmStart != null) {
                        apply(loaded, warmStart);
                    }
                    run.loaded = loaded;
                    db.update(PLAN_JOB).set(PLAN_JOB.STATUS, "solving").set(PLAN_JOB.STARTED_AT, OffsetDateTime.now(clock))
                            .set(PLAN_JOB.DATA_VERSION, dataVersion()).where(PLAN_JOB.ID.eq(id)).execute();
                    return loaded.plan();
                })
                .withBestSolutionEventConsumer(event -> onBest(id, run, event.solution(), false))
                .withFinalBestSolutionEventConsumer(event -> onBest(id, run, event.solution(), true))
                .withExceptionHandler((problemId, error) -> {
                    LOG.warn("planning job {} failed", id, error);
                    running.remove(id);
                    db.update(PLAN_JOB).set(PLAN_JOB.STATUS, "failed").set(PLAN_JOB.ENDED_AT, OffsetDateTime.now(clock))
                            .set(PLAN_JOB.ERROR, abbreviate(String.valueOf(error.getMessage()))).where(PLAN_JOB.ID.eq(id)).execute();
                    notifier.execute(() -> notifyListeners(id, true));
                })
                .withConfigOverride(new SolverConfigOverride().withTerminationSpentLimit(Duration.ofSeconds(seconds)))
                .run();
    }

    private void onBest(long id, Running run, FieldPlan best, boolean last) {
        LoadedPlan loaded = run.loaded;
        if (loaded == null) {
            return;
        }
        long now = System.nanoTime();
        boolean persist = last || (now - run.persistedAt) / 1_000_000 >= PERSIST_EVERY_MILLIS;
        if (persist) {
            run.persistedAt = now;
            Plan plan = plan(loaded, best, last);
            var update = db.update(PLAN_JOB)
                    .set(PLAN_JOB.SCORE, String.valueOf(best.getScore()))
                    .set(PLAN_JOB.ASSIGNED, best.assignedCount()).set(PLAN_JOB.UNASSIGNED, best.unassignedCount())
                    .set(PLAN_JOB.TRAVEL_SECONDS, (int) best.travelSeconds())
                    .set(PLAN_JOB.DISTANCE_METRES, (int) Math.min(Integer.MAX_VALUE, best.travelMetres()))
                    .set(PLAN_JOB.ELAPSED_SECONDS, (int) ((now - run.startedNanos) / 1_000_000_000L))
                    .set(PLAN_JOB.BEST_PLAN, JSON.writeValueAsString(plan))
                    .set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime());
            if (last) {
                update = update.set(PLAN_JOB.STATUS, run.stopRequested ? "stopped" : "finished")
                        .set(PLAN_JOB.ENDED_AT, OffsetDateTime.now(clock));
            }
            update.where(PLAN_JOB.ID.eq(id), PLAN_JOB.STATUS.in("queued", "solving")).execute();
        }
        if (last) {
            running.remove(id);
        }
        notifier.execute(() -> notifyListeners(id, last));
    }

    /** The solution as stored: routes with stops and times; with reasons for the unassigned ones at the end. */
    private Plan plan(LoadedPlan loaded, FieldPlan best, boolean explain) {
        List<Route> out = new ArrayList<>();
        for (Shift shift : best.getShifts()) {
            List<Stop> stops = new ArrayList<>();
            for (Visit v : shift.getVisits()) {
                if (!loaded.isRequest(v)) {
                    continue;
                }
                VisitTiming t = v.getTiming();
                long start = t == null ? shift.getStartTime() : t.start();
                stops.add(new Stop(loaded.requestId(v), v.getLabel(), loaded.instant(t == null ? start : Math.min(t.arrival(), start)),
                        loaded.instant(start), loaded.instant(t == null ? start : t.departure()),
                        t == null ? 0 : t.travelSeconds()));
            }
            if (!stops.isEmpty()) {
                LoadedPlan.ShiftKey key = loaded.shiftKey(shift);
                out.add(new Route(key.technicianId(), shift.getTechnician().name(), key.day(), (int) shift.travelSeconds(),
                        (int) Math.min(Integer.MAX_VALUE, shift.travelMetres()), stops));
            }
        }
        List<Unassigned> unassigned = new ArrayList<>();
        PlanExplainer explainer = explain ? new PlanExplainer(best) : null;
        for (Visit v : best.getVisits()) {
            if (v.getShift() == null && loaded.isRequest(v)) {
                List<String> reasons = explainer == null ? List.of() : explainer.whyUnassigned(v);
                unassigned.add(new Unassigned(loaded.requestId(v), v.getLabel(), reasons));
            }
        }
        loaded.excluded().forEach(e -> unassigned.add(new Unassigned(e.requestId(), e.registrationNumber(), List.of(e.reason()))));
        return new Plan(out, unassigned);
    }

    /** Puts the stored plan's routes into the freshly loaded problem (pinned stops stay first). */
    private static void apply(LoadedPlan loaded, Plan plan) {
        Map<String, Visit> visits = new HashMap<>();
        loaded.plan().getVisits().forEach(v -> visits.put(v.getId(), v));
        Map<String, Shift> shifts = new HashMap<>();
        Set<String> placed = new HashSet<>();
        for (Shift shift : loaded.plan().getShifts()) {
            shifts.put(shift.getId(), shift);
            int pinned = shift.getPinnedVisitCount();
            List<Visit> keep = new ArrayList<>(shift.getVisits().subList(0, pinned));
            keep.forEach(v -> placed.add(v.getId()));
            shift.setVisits(keep);
            shift.pinVisits(pinned);
        }
        for (Route route : plan.routes()) {
            Shift shift = shifts.get(LoadedPlan.shiftId(route.technicianId(), route.day()));
            if (shift == null) {
                continue; // the technician is off that day now
            }
            List<Visit> list = new ArrayList<>(shift.getVisits());
            for (Stop stop : route.stops()) {
                Visit v = visits.get(LoadedPlan.visitId(stop.requestId()));
                if (v != null && placed.add(v.getId())) {
                    list.add(v);
                }
            }
            int pinned = shift.getPinnedVisitCount();
            shift.setVisits(list);
            shift.pinVisits(pinned);
        }
    }

    // ---- publish --------------------------------------------------------------------------------------------------

    /** Makes the job's best plan the published routes (one transaction); see the class comment. */
    public Job publish(long id, CurrentUser user) {
        PlanJobRecord job = visible(id, user);
        if (!Set.of("finished", "stopped", "interrupted").contains(job.getStatus()) || job.getBestPlan() == null) {
            throw new ConflictException("Job " + id + " is " + job.getStatus() + (job.getBestPlan() == null ? " without a plan" : "")
                    + "; publish a finished, stopped or interrupted job that has a plan.");
        }
        Plan plan = JSON.readValue(job.getBestPlan(), Plan.class);
        transaction.executeWithoutResult(tx -> {
            db.selectFrom(PLAN_JOB).where(PLAN_JOB.ID.eq(id)).forUpdate().fetchSingle();
            LoadedPlan loaded = problems.load(scope(job));
            Set<Long> known = new HashSet<>();
            plan.routes().forEach(r -> r.stops().forEach(s -> known.add(s.requestId())));
            plan.unassigned().forEach(u -> known.add(u.requestId()));
            List<String> added = new ArrayList<>();
            for (Visit v : loaded.plan().getVisits()) {
                if (loaded.isRequest(v) && !known.contains(loaded.requestId(v)) && !v.isPinned()) {
                    added.add(v.getLabel());
                }
            }
            if (!added.isEmpty()) {
                throw new ConflictException(added.size() + " service request(s) came into these days since job " + id
                        + " loaded its problem (" + String.join("; ", added.subList(0, Math.min(5, added.size())))
                        + (added.size() > 5 ? "; ..." : "") + "); resume the job so that the plan includes them, then publish.",
                        Map.of("added", added));
            }
            apply(loaded, plan);
            org.fieldplan.engine.solver.PlanSolver.score(loaded.plan());
            routes.save(loaded, loaded.plan(), RouteStore.PUBLISHED, id);
            // absent technicians' routes of these days are gone: their visits were planned again above
            db.deleteFrom(ROUTE).where(ROUTE.DAY.between(job.getFromDay(), job.getToDay()),
                    DSL.exists(DSL.selectOne().from(TECHNICIAN_ABSENCE).where(TECHNICIAN_ABSENCE.TECHNICIAN_ID
                            .eq(ROUTE.TECHNICIAN_ID), TECHNICIAN_ABSENCE.DAY.eq(ROUTE.DAY)))).execute();
            CurrentUser actor = user;
            for (Shift shift : loaded.plan().getShifts()) {
                long technician = loaded.technicianId(shift);
                for (Visit v : shift.getVisits()) {
                    if (!loaded.isRequest(v) || v.getTiming() == null) {
                        continue;
                    }
                    schedule(loaded, loaded.requestId(v), technician, v.getTiming().start(), id, actor);
                }
            }
            db.update(PLAN_JOB).set(PLAN_JOB.STATUS, "published").set(PLAN_JOB.PUBLISHED_AT, OffsetDateTime.now(clock))
                    .where(PLAN_JOB.ID.eq(id)).execute();
        });
        notifyListeners(id, true);
        return get(id, user, false);
    }

    private void schedule(LoadedPlan loaded, long requestId, long technician, long start, long jobId, CurrentUser actor) {
        var r = db.select(SERVICE_REQUEST.STATUS, SERVICE_REQUEST.WINDOW_START, SERVICE_REQUEST.TECHNICIAN_ID)
                .from(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(requestId)).fetchSingle();
        if (r.value2() == null) {
            LocalDateTime at = loaded.plan().getOrigin().plusSeconds(start);
            LocalDateTime day = at.toLocalDate().atStartOfDay();
            long minutes = ChronoUnit.MINUTES.between(day, at);
            LocalDateTime from = day.plusMinutes(minutes / WINDOW_MINUTES * WINDOW_MINUTES);
            db.update(SERVICE_REQUEST)
                    .set(SERVICE_REQUEST.WINDOW_START, from.atZone(fieldPlan.timeZone()).toOffsetDateTime())
                    .set(SERVICE_REQUEST.WINDOW_END, from.plusMinutes(WINDOW_MINUTES).atZone(fieldPlan.timeZone()).toOffsetDateTime())
                    .where(SERVICE_REQUEST.ID.eq(requestId)).execute();
        }
        if (r.value1().equals("agreed")) {
            requests.changeStatus(requestId, null, new StatusChange("scheduled", "Planned by planning job " + jobId,
                    technician), actor);
        } else if (r.value1().equals("scheduled") && !Long.valueOf(technician).equals(r.value3())) {
            db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.TECHNICIAN_ID, technician)
                    .set(SERVICE_REQUEST.UPDATED_AT, OffsetDateTime.now(clock))
                    .set(SERVICE_REQUEST.VERSION, SERVICE_REQUEST.VERSION.plus(1))
                    .where(SERVICE_REQUEST.ID.eq(requestId)).execute();
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------------------

    public List<Job> list(CurrentUser user) {
        List<Job> out = new ArrayList<>();
        for (PlanJobRecord r : db.selectFrom(PLAN_JOB).orderBy(PLAN_JOB.ID.desc()).limit(200).fetch()) {
            if (mayView(r, user)) {
                out.add(view(r, false));
            }
        }
        return out;
    }

    public Job get(long id, CurrentUser user, boolean withPlan) {
        return view(visible(id, user), withPlan);
    }

    /** Server-sent events: the job's progress now and on each stored improvement, then its final status. */
    public SseEmitter events(long id, CurrentUser user) {
        PlanJobRecord job = visible(id, user);
        SseEmitter emitter = new SseEmitter(0L);
        send(emitter, event(job), "progress");
        if (!Set.of("queued", "solving").contains(job.getStatus())) {
            send(emitter, event(job), "status");
            emitter.complete();
            return emitter;
        }
        if (running.containsKey(id)) {
            listeners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(emitter);
            emitter.onCompletion(() -> listeners.getOrDefault(id, List.of()).remove(emitter));
            emitter.onTimeout(emitter::complete);
            return emitter;
        }
        // solving in another instance: follow its stored progress
        Thread.ofVirtual().name("plan-job-follow-" + id).start(() -> {
            Integer seen = null;
            try {
                while (true) {
                    Thread.sleep(1000);
                    PlanJobRecord now = db.selectFrom(PLAN_JOB).where(PLAN_JOB.ID.eq(id)).fetchSingle();
                    boolean over = !Set.of("queued", "solving").contains(now.getStatus());
                    if (!java.util.Objects.equals(seen, now.getElapsedSeconds()) || over) {
                        seen = now.getElapsedSeconds();
                        if (!send(emitter, event(now), over ? "status" : "progress")) {
                            return;
                        }
                    }
                    if (over) {
                        emitter.complete();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    private void notifyListeners(long id, boolean last) {
        List<SseEmitter> emitters = listeners.get(id);
        if (emitters == null || emitters.isEmpty()) {
            return;
        }
        PlanJobRecord job = db.selectFrom(PLAN_JOB).where(PLAN_JOB.ID.eq(id)).fetchOne();
        if (job == null) {
            return;
        }
        for (SseEmitter emitter : emitters) {
            send(emitter, event(job), last ? "status" : "progress");
            if (last) {
                emitter.complete();
            }
        }
        if (last) {
            listeners.remove(id);
        }
    }

    private static boolean send(SseEmitter emitter, ProgressEvent event, String name) {
        try {
            emitter.send(SseEmitter.event().name(name).data(event, org.springframework.http.MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static ProgressEvent event(PlanJobRecord r) {
        return new ProgressEvent(r.getId(), r.getStatus(), r.getScore(), r.getAssigned(), r.getUnassigned(),
                r.getTravelSeconds(), r.getElapsedSeconds());
    }

    private Job view(PlanJobRecord r, boolean withPlan) {
        Plan plan = withPlan && r.getBestPlan() != null ? JSON.readValue(r.getBestPlan(), Plan.class) : null;
        return new Job(r.getId(), r.getFromDay(), r.getToDay(), zoneIds(r), r.getSeconds(), r.getStatus(),
                r.getCreatedByName(), r.getCreatedAt().toInstant(), instant(r.getStartedAt()), instant(r.getEndedAt()),
                r.getScore(), r.getAssigned(), r.getUnassigned(), r.getTravelSeconds(), r.getDistanceMetres(),
                r.getElapsedSeconds(), r.getError(), instant(r.getPublishedAt()), plan);
    }

    private PlanJobRecord visible(long id, CurrentUser user) {
        PlanJobRecord r = db.selectFrom(PLAN_JOB).where(PLAN_JOB.ID.eq(id)).fetchOne();
        if (r == null || !mayView(r, user)) {
            throw new NotFoundException("planning job", id);
        }
        return r;
    }

    /** A job is the business of whoever may act in all its zones; a job over all zones is the administrators'. */
    private boolean mayView(PlanJobRecord r, CurrentUser user) {
        return zoneScope.coversAll(user, zoneIds(r));
    }

    private static List<Long> zoneIds(PlanJobRecord r) {
        if (r.getZoneIds() == null || r.getZoneIds().isBlank()) {
            return List.of();
        }
        return Arrays.stream(r.getZoneIds().split(",")).map(Long::parseLong).toList();
    }

    private static PlanScope scope(PlanJobRecord r) {
        return new PlanScope(r.getFromDay(), r.getToDay(), new HashSet<>(zoneIds(r)));
    }

    private long dataVersion() {
        org.jooq.Record v = db.fetchOne("SELECT last_value FROM plan_data_version");
        return v == null ? 0 : v.get(0, Long.class);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String abbreviate(String s) {
        return s.length() > 1900 ? s.substring(0, 1900) + "..." : s;
    }

    /** For tests: whether this instance runs the job now. */
    boolean runsHere(long id) {
        return running.containsKey(id);
    }

    @Override
    public void destroy() {
        beat.shutdownNow();
        notifier.shutdownNow();
        solverManager.close();
    }
}
