package org.fieldplan.api.planning.job;

import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverManager;
import ai.timefold.solver.core.config.solver.SolverManagerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.job.PlanJobMessages.Plan;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs planning jobs in this instance around Timefold's {@link SolverManager}: one solver at a time (the machine's
 * cores go to its search), more jobs wait as queued. The best plan is stored at most every {@value #PERSIST_EVERY_MILLIS}
 * ms (a newer best that came sooner is stored when the interval has passed) and at the end; a heartbeat goes into the jobs running here every 5 s, jobs of silent instances are marked
 * interrupted, and stop requests stored by any instance are honoured.
 */
@Component
class PlanJobRunner implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(PlanJobRunner.class);
    static final int PERSIST_EVERY_MILLIS = 2000;

    private final PlanJobStore store;
    private final PlanJobEvents events;
    private final PlanningProblems problems;
    private final SolverManager<FieldPlan> solverManager;
    private final String instance;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService beat;

    /** A job solving in this instance. */
    private static final class Running {
        volatile @Nullable LoadedPlan loaded;
        long persistedAt;
        /** A best plan not yet stored (it came less than the persist interval after the last one), or null. */
        @Nullable FieldPlan pending;
        boolean flushScheduled;
        boolean ended;
        volatile boolean stopRequested;
        final long startedNanos = System.nanoTime();
    }

    PlanJobRunner(PlanJobStore store, PlanJobEvents events, PlanningProblems problems) {
        this.store = store;
        this.events = events;
        this.problems = problems;
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

    String instance() {
        return instance;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startBeating() {
        beat.scheduleWithFixedDelay(this::beatOnce, 0, 5, TimeUnit.SECONDS);
    }

    /** This instance's jobs are alive; others' silent ones are interrupted; stop requests are honoured. */
    void beatOnce() {
        try {
            if (!running.isEmpty()) {
                store.beat(running.keySet());
                for (Long id : store.stopRequested(running.keySet())) {
                    Running r = running.get(id);
                    if (r != null && !r.stopRequested) {
                        r.stopRequested = true;
                        solverManager.terminateEarly(id);
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
            solverManager.terminateEarly(id);
        }
    }

    boolean runsHere(long id) {
        return running.containsKey(id);
    }

    /**
     * Solves job {@code id} for {@code seconds}: the problem of {@code scope} loaded now (the current routes as the
     * starting point), with {@code warmStart} (a stored best plan, for a resume) put into it.
     */
    void launch(long id, PlanScope scope, int seconds, @Nullable Plan warmStart, PublishMerge.@Nullable Snapshot seenBefore) {
        Running run = new Running();
        running.put(id, run);
        solverManager.solveBuilder()
                .withProblemId(id)
                .withProblemFinder(problemId -> {
                    LoadedPlan loaded = problems.load(scope);
                    PublishMerge.Snapshot seen = PublishMerge.snapshot(loaded);
                    if (warmStart != null) {
                        // a resume keeps what changed since the job first loaded, as a publish would
                        PublishMerge.merge(loaded, warmStart, seenBefore == null ? seen : seenBefore);
                    }
                    run.loaded = loaded;
                    store.markSolving(id, store.dataVersion(), seen);
                    return loaded.plan();
                })
                .withBestSolutionEventConsumer(event -> onBest(id, run, event.solution(), false))
                .withFinalBestSolutionEventConsumer(event -> onBest(id, run, event.solution(), true))
                .withExceptionHandler((problemId, error) -> {
                    LOG.warn("planning job {} failed", id, error);
                    running.remove(id);
                    store.markFailed(id, String.valueOf(error.getMessage()));
                    events.changed(id, true);
                })
                .withConfigOverride(new SolverConfigOverride().withTerminationSpentLimit(Duration.ofSeconds(seconds)))
                .run();
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

    /** Stores {@code best} (the caller holds the lock of {@code run}); the final plan ends the job here. */
    private void persist(long id, Running run, LoadedPlan loaded, FieldPlan best, boolean last) {
        long now = System.nanoTime();
        run.persistedAt = now;
        run.pending = null;
        Plan plan = StoredPlans.of(loaded, best, last);
        store.saveBest(id, best, plan, (int) ((now - run.startedNanos) / 1_000_000_000L),
                last ? (run.stopRequested ? PlanJobStatus.STOPPED : PlanJobStatus.FINISHED) : null);
        if (last) {
            run.ended = true;
            running.remove(id);
        }
    }

    @Override
    public void destroy() {
        beat.shutdownNow();
        solverManager.close();
    }
}
