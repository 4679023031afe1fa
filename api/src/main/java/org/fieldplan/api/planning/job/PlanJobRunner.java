package org.fieldplan.api.planning.job;

import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverManager;
import ai.timefold.solver.core.config.solver.SolverManagerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fieldplan.api.cluster.InstanceName;
import org.fieldplan.api.persistence.jooq.tables.records.PlanJobRecord;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.PlanningProperties;
import org.fieldplan.api.planning.job.PlanJobMessages.Plan;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.partition.PartitionSettings;
import org.fieldplan.engine.partition.PartitionedSolver;
import org.fieldplan.engine.partition.RegionPlan;
import org.fieldplan.engine.partition.RegionProblem;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Solves planning jobs in this instance around Timefold's {@link SolverManager}: as many at once as this instance has
 * solver slots ({@code fieldplan.planning.solver-slots}); the cluster's queue ({@link PlanJobQueue}) hands a job to
 * {@link #run} on one of its threads only when a slot is free. The best plan is stored at most every
 * {@value #PERSIST_EVERY_MILLIS} ms (a newer best that came sooner is stored when the interval has passed) and at the
 * end; a heartbeat goes into the jobs running here every 5 s, orphaned jobs (silent, with no queue entry) are marked
 * interrupted, and stop requests stored by any instance are honoured. A job another instance took over (this one was
 * found dead while it still ran, e.g. a long pause) is ended here without storing anything: only its owner writes.
 * <p>
 * A big job (more visits in its scope than {@code fieldplan.planning.partition-above}) is solved by the engine's
 * {@link PartitionedSolver} on the queue's thread instead (its parts on threads of their own): each stage's end stores
 * the region's routes through the same throttled path, the progress events name the stage and the number of parts, and
 * stop, hand-back and take-over end it through {@link PartitionedSolver#terminateEarly()}.
 */
@Component
class PlanJobRunner implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(PlanJobRunner.class);
    static final int PERSIST_EVERY_MILLIS = 2000;

    /** How a run on this instance ended. */
    enum Outcome {
        /** finished, stopped or failed: the job's queue entry is done */
        ENDED,
        /** this instance is shutting down: the job's best plan is stored and it goes back to the queue */
        HANDED_BACK
    }

    private final PlanJobStore store;
    private final PlanJobEvents events;
    private final PlanningProblems problems;
    private final SolverManager<FieldPlan> solverManager;
    private final String instance;
    private final int slots;
    private final RoadMap roadMap;
    private final int partitionAbove;
    private final int maxVisitsPerPart;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService beat;
    private volatile boolean handingBack;

    /** A job solving in this instance. */
    private static final class Running {
        volatile @Nullable LoadedPlan loaded;
        /** the partitioned solve of a big job, once it runs; null for a job solved whole */
        volatile @Nullable PartitionedSolver partitioned;
        long persistedAt;
        /** A best plan not yet stored (it came less than the persist interval after the last one), or null. */
        @Nullable FieldPlan pending;
        boolean flushScheduled;
        boolean ended;
        volatile boolean stopRequested;
        volatile boolean handBack;
        /** another instance owns the job now: store nothing more */
        volatile boolean lost;
        final long startedNanos = System.nanoTime();
        /** seconds solved before this run (by an instance that died or handed the job back) */
        int elapsedBefore;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    }

    PlanJobRunner(PlanJobStore store, PlanJobEvents events, PlanningProblems problems, InstanceName instance,
            PlanningProperties planning, RoadMap roadMap) {
        this.store = store;
        this.roadMap = roadMap;
        this.partitionAbove = planning.partitionAbove();
        this.maxVisitsPerPart = planning.maxVisitsPerPart();
        this.events = events;
        this.problems = problems;
        this.slots = planning.solverSlots();
        this.solverManager = SolverManager.create(SolverConfigs.solverConfig(SolverSettings.ofSeconds(30)),
                new SolverManagerConfig().withParallelSolverCount(String.valueOf(slots)));
        this.instance = instance.value();
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plan-job-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    String instance() {
        return instance;
    }

    int slots() {
        return slots;
    }

    /** Solver slots of this instance in use now. */
    int busySlots() {
        return running.size();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startBeating() {
        beat.scheduleWithFixedDelay(this::beatOnce, 0, 5, TimeUnit.SECONDS);
    }

    /** This instance's jobs are alive; others' orphaned ones are interrupted; stop requests are honoured. */
    void beatOnce() {
        try {
            if (!running.isEmpty()) {
                Set<Long> mine = store.beat(running.keySet(), instance);
                for (Long id : running.keySet()) {
                    Running r = running.get(id);
                    if (r != null && !mine.contains(id) && !r.ended && !r.lost) {
                        LOG.warn("planning job {} is owned by another instance now; ending it here without storing", id);
                        r.lost = true;
                        terminate(id, r);
                    }
                }
                for (Long id : store.stopRequested(running.keySet())) {
                    Running r = running.get(id);
                    if (r != null && !r.stopRequested) {
                        r.stopRequested = true;
                        terminate(id, r);
                    }
                }
            }
            store.interruptSilentJobs(instance);
        } catch (RuntimeException e) {
            LOG.warn("planning job heartbeat failed: {}", e.toString());
        }
    }

    int interruptSilentJobs() {
        return store.interruptSilentJobs(instance);
    }

    /** Stops job {@code id} if it runs here. */
    void stop(long id) {
        Running r = running.get(id);
        if (r != null) {
            r.stopRequested = true;
            terminate(id, r);
        }
    }

    /** Ends the solve of job {@code id} early: the partitioned one when it runs in parts, else Timefold's. */
    private void terminate(long id, Running r) {
        PartitionedSolver partitioned = r.partitioned;
        if (partitioned != null) {
            partitioned.terminateEarly();
        } else {
            solverManager.terminateEarly(id);
        }
    }

    boolean runsHere(long id) {
        return running.containsKey(id);
    }

    /**
     * This instance is shutting down: every job solving here stores its best plan and goes back to the queue, where
     * another instance (or this one after its restart) resumes it. Returns once the solvers have ended or after
     * {@code wait}.
     */
    void handBackAll(Duration wait) {
        handingBack = true;
        for (Map.Entry<Long, Running> e : running.entrySet()) {
            e.getValue().handBack = true;
            terminate(e.getKey(), e.getValue());
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Solves job {@code id} here, on the queue's thread, until it ends: claims it (this instance becomes its owner),
     * loads the problem of its scope now (the current routes as the starting point) with its stored best plan put in
     * when it has one (a resume or a take-over), and solves for the seconds it has left.
     */
    Outcome run(long id) {
        MDC.put("jobId", String.valueOf(id));
        try {
            PlanJobRecord job = store.find(id);
            LOG.debug("planning job {} picked from the queue on {}: {}", id, instance, job == null ? "gone" : job.getStatus());
            if (job == null || !job.getStatus().isRunning()) {
                return Outcome.ENDED; // stopped while it waited, or deleted
            }
            if (Boolean.TRUE.equals(job.getStopRequested())) {
                store.markStoppedWaiting(id);
                events.changed(id, true);
                return Outcome.ENDED;
            }
            if (handingBack) {
                return Outcome.HANDED_BACK;
            }
            boolean takeOver = job.getOwner() != null && !job.getOwner().equals(instance) && job.getStartedAt() != null;
            store.claim(id, instance);
            Plan warmStart = PlanJobStore.bestPlan(job);
            PublishMerge.Snapshot seenBefore = warmStart == null ? null : PlanJobStore.loadedRoutes(job);
            int before = job.getElapsedSeconds() == null ? 0 : job.getElapsedSeconds();
            int seconds = Math.max(1, job.getSeconds() - before);
            LOG.info("planning job {} {} on {}: {} s to solve{}", id, takeOver ? "taken over" : "starts", instance, seconds,
                    warmStart == null ? "" : ", from its stored best plan");
            Running run = launch(id, PlanJobStore.scope(job), seconds, warmStart, seenBefore, before);
            try {
                run.done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.handBack = true;
                terminate(id, run);
            }
            Outcome outcome = run.handBack ? Outcome.HANDED_BACK : Outcome.ENDED;
            LOG.info("planning job {} {} on {}", id, run.lost ? "lost to another instance" : outcome == Outcome.HANDED_BACK
                    ? "handed back to the queue" : "ended", instance);
            return outcome;
        } finally {
            MDC.remove("jobId");
        }
    }

    private Running launch(long id, PlanScope scope, int seconds, @Nullable Plan warmStart,
            PublishMerge.@Nullable Snapshot seenBefore, int elapsedBefore) {
        Running run = new Running();
        run.elapsedBefore = elapsedBefore;
        running.put(id, run);
        LoadedPlan loaded;
        try {
            loaded = load(id, run, scope, warmStart, seenBefore);
        } catch (RuntimeException error) {
            failed(id, run, error);
            return run;
        }
        if (loaded.plan().getVisits().size() > partitionAbove) {
            Thread.ofPlatform().name("plan-job-" + id + "-parts").daemon(true)
                    .start(() -> solveInParts(id, run, loaded, seconds));
            return run;
        }
        solverManager.solveBuilder()
                .withProblemId(id)
                .withProblemFinder(problemId -> loaded.plan())
                .withBestSolutionEventConsumer(event -> onBest(id, run, event.solution(), false))
                .withFinalBestSolutionEventConsumer(event -> {
                    try {
                        onBest(id, run, event.solution(), true);
                    } finally {
                        end(id, run);
                    }
                })
                .withExceptionHandler((problemId, error) -> failed(id, run, error))
                .withConfigOverride(new SolverConfigOverride().withTerminationSpentLimit(Duration.ofSeconds(seconds)))
                .run();
        return run;
    }

    /**
     * Loads the job's scope now (the current routes as the starting point), with its stored best plan put in for a
     * resume or a take-over, and marks the job solving.
     */
    private LoadedPlan load(long id, Running run, PlanScope scope, @Nullable Plan warmStart,
            PublishMerge.@Nullable Snapshot seenBefore) {
        LoadedPlan loaded = problems.load(scope);
        PublishMerge.Snapshot seen = PublishMerge.snapshot(loaded);
        PublishMerge.Snapshot keep = seen;
        if (warmStart != null) {
            // a resume keeps what changed since the job first loaded, as a publish would
            keep = seenBefore == null || seenBefore == PublishMerge.Snapshot.NONE ? seen : seenBefore;
            PublishMerge.merge(loaded, warmStart, keep);
        }
        run.loaded = loaded;
        store.markSolving(id, store.dataVersion(), keep, instance);
        return loaded;
    }

    private void failed(long id, Running run, Throwable error) {
        try {
            if (run.handBack || run.lost) {
                LOG.info("planning job {} ended here ({}): {}", id, run.lost ? "taken over" : "handed back", error.toString());
            } else {
                LOG.warn("planning job {} failed", id, error);
                store.markFailed(id, String.valueOf(error.getMessage()), instance);
                events.changed(id, true);
            }
        } finally {
            end(id, run);
        }
    }

    /**
     * A big job: the engine's partitioned solve over the loaded plan's facts (its routes, e.g. a stored best plan of a
     * resume, are the starting routes; pinned prefixes stay), each part's travel times cut out of the loaded matrix
     * ({@link LoadedTravelTimes}: the loader routed the whole scope already, so no part is routed again). Each
     * stage's end stores the region's routes as the best plan so far (scored over the loaded plan's matrix) through
     * {@link #onBest}, so throttling, hand-back and the final status work as for a job solved whole.
     */
    private void solveInParts(long id, Running run, LoadedPlan loaded, int seconds) {
        MDC.put("jobId", String.valueOf(id));
        try {
            FieldPlan plan = loaded.plan();
            RegionProblem problem = new RegionProblem(plan.getOrigin(), plan.getTechnicians(), plan.getZones(),
                    plan.getShifts(), plan.getVisits(), plan.getConstraintWeightOverrides());
            PartitionedSolver solver = new PartitionedSolver(LoadedTravelTimes.of(plan, roadMap::matrix));
            run.partitioned = solver;
            if (run.stopRequested || run.handBack || run.lost) {
                solver.terminateEarly(); // asked before the solver existed
            }
            PartitionSettings settings = PartitionSettings.ofSeconds(seconds).withMaxVisitsPerPart(maxVisitsPerPart)
                    .withRandomSeed(id);
            LOG.info("planning job {}: {} visits, solved in parts of at most {}", id, plan.getVisits().size(),
                    maxVisitsPerPart);
            RegionPlan result = solver.solve(problem, settings, progress -> { }, (stage, parts, routes, after) -> {
                try {
                    // stored with the job, so every instance following it names the stage (the stored plan's
                    // event, which carries it, follows)
                    store.saveStage(id, stage, parts, instance);
                    onBest(id, run, scored(problem, routes, plan), false);
                } catch (RuntimeException e) {
                    LOG.warn("storing the best plan of planning job {} failed: {}", id, e.toString());
                }
            });
            try {
                onBest(id, run, scored(problem, result.routes(), plan), true);
            } finally {
                end(id, run);
            }
        } catch (RuntimeException | Error error) {
            if (!run.ended) {
                failed(id, run, error);
            }
        } finally {
            MDC.remove("jobId");
        }
    }

    /** The region's routes as one plan over the loaded plan's matrix, its times and score computed. */
    private static FieldPlan scored(RegionProblem problem, Map<String, java.util.List<String>> routes, FieldPlan loaded) {
        FieldPlan whole = RegionPlan.toFieldPlan(problem, routes, loaded.getTravelMatrix());
        PlanSolver.score(whole);
        return whole;
    }

    private void end(long id, Running run) {
        synchronized (run) {
            run.ended = true;
        }
        running.remove(id, run);
        run.done.countDown();
    }

    /**
     * Stores {@code best} now when the last store is at least {@value #PERSIST_EVERY_MILLIS} ms old (or it is the
     * final plan); otherwise keeps it as pending and stores the newest pending plan when the interval has passed, so a
     * best plan is never lost to the throttle: a job whose search goes quiet after construction still shows its plan.
     */
    private void onBest(long id, Running run, FieldPlan best, boolean last) {
        LoadedPlan loaded = run.loaded;
        if (loaded == null) {
            return;
        }
        long delayMillis;
        synchronized (run) {
            if (run.ended) {
                return;
            }
            long sinceMillis = (System.nanoTime() - run.persistedAt) / 1_000_000;
            if (!last && run.persistedAt != 0 && sinceMillis < PERSIST_EVERY_MILLIS) {
                run.pending = best;
                if (run.flushScheduled) {
                    events.changed(id, false);
                    return;
                }
                run.flushScheduled = true;
                delayMillis = PERSIST_EVERY_MILLIS - sinceMillis;
            } else {
                persist(id, run, loaded, best, last);
                delayMillis = -1;
            }
        }
        if (delayMillis >= 0) {
            beat.schedule(() -> flushPending(id, run), delayMillis, TimeUnit.MILLISECONDS);
        }
        events.changed(id, last);
    }

    private void flushPending(long id, Running run) {
        try {
            synchronized (run) {
                run.flushScheduled = false;
                FieldPlan pending = run.pending;
                LoadedPlan loaded = run.loaded;
                if (run.ended || pending == null || loaded == null) {
                    return;
                }
                persist(id, run, loaded, pending, false);
            }
            events.changed(id, false);
        } catch (RuntimeException e) {
            LOG.warn("storing the best plan of planning job {} failed: {}", id, e.toString());
        }
    }

    /**
     * Stores {@code best} (the caller holds the lock of {@code run}); the final plan ends the job here: finished or
     * stopped, or queued again when this instance hands it back. Nothing is stored once another instance owns it.
     */
    private void persist(long id, Running run, LoadedPlan loaded, FieldPlan best, boolean last) {
        long now = System.nanoTime();
        run.persistedAt = now;
        run.pending = null;
        if (run.lost) {
            return;
        }
        Plan plan = StoredPlans.of(loaded, best, last);
        PlanJobStatus end = !last ? null
                : run.handBack ? PlanJobStatus.QUEUED : run.stopRequested ? PlanJobStatus.STOPPED : PlanJobStatus.FINISHED;
        int elapsed = run.elapsedBefore + (int) ((now - run.startedNanos) / 1_000_000_000L);
        if (store.saveBest(id, best, plan, elapsed, end, instance) == 0 && !last) {
            run.lost = true; // the row is no longer ours (taken over, or ended meanwhile)
        }
    }

    @Override
    public void destroy() {
        handBackAll(Duration.ofSeconds(10));
        beat.shutdownNow();
        solverManager.close();
    }
}
