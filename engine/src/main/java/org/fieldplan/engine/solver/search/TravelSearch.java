package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import ai.timefold.solver.core.api.solver.phase.PhaseCommandContext;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningListVariableMetaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.FieldPlanConstraintProvider;

/**
 * Ruin-and-recreate with simulated annealing on the search's own route copy ({@link RoutePlanner}), for plans
 * whose soft score is travel alone ({@code ConstraintWeights.travelOnly()}, as in VRPTW benchmarks). There
 * the estimator's objective (fewest unassigned visits, then least travel) is the score's, so the candidates
 * need not be scored by Timefold one by one: thousands of ruin-and-recreate iterations run per second
 * instead of a few hundred Timefold steps. The best plan found is handed to Timefold as one move whenever it
 * improved and at least {@link #PUBLISH_INTERVAL_NANOS} passed, and at the end; Timefold scores it with every
 * constraint (and keeps its own best if it is better), and its local search carries on afterwards. Run as
 * {@link #slices()}, each hand-over ends a command, so that Timefold records it as a new best solution and the
 * solver's listeners hear of it at once (not only when the phase ends).
 * <p>
 * Acceptance after Christiaens and Vanden Berghe's SISR: a candidate with fewer unassigned visits is taken;
 * with as many, when its travel is below the current travel plus {@code -T ln U} (U uniform in (0, 1]); the
 * temperature falls exponentially over the phase's time from {@code t0} to {@code tEnd} average legs of the
 * starting plan. With any other weights (a service plan with overtime, waiting, fairness...) the phase does
 * nothing.
 */
public final class TravelSearch implements PhaseCommand<FieldPlan> {

    static final long PUBLISH_INTERVAL_NANOS = 2_000_000_000L;

    /** What the last travel search on this thread did (benchmarks print it; Timefold does not count its iterations). */
    public record Statistics(long iterations, long accepted, double seconds, double cpuSeconds, long bestCost,
                             int bestUnassigned) {

        public long iterationsPerSecond() {
            return seconds <= 0 ? 0 : Math.round(iterations / seconds);
        }

        /** Iterations per CPU second of the solver's thread (what matters on a shared machine). */
        public long iterationsPerCpuSecond() {
            return cpuSeconds <= 0 ? 0 : Math.round(iterations / cpuSeconds);
        }
    }

    private static long threadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    private static final ThreadLocal<Statistics> LAST = new ThreadLocal<>();

    /**
     * For comparison runs ({@code PartProbe}): with {@code -Dfieldplan.search.iterations=N} the search stops after N
     * iterations and its temperature falls with the iteration count instead of the clock, so that two builds given the
     * same random draws must reach the same plan whatever their speed (0: off, the clock rules).
     */
    private static final long FIXED_ITERATIONS = Long.getLong("fieldplan.search.iterations", 0L);

    /** The statistics of the last travel search that ran on the calling thread, or null. */
    public static @org.jspecify.annotations.Nullable Statistics lastOnThisThread() {
        return LAST.get();
    }

    private final long budgetNanos;
    private final long seed;
    private final double t0;
    private final double tEnd;
    private final RuinRecreate.Settings settings;
    /** Run whatever the plan's weights (the travel estimate then stands in for the soft score). */
    private final boolean anyWeights;

    /**
     * @param budgetNanos how long the phase runs (it also stops when the solver's termination says so)
     * @param t0          starting temperature, in average legs of the starting plan
     * @param tEnd        final temperature, in average legs
     */
    public TravelSearch(long budgetNanos, long seed, double t0, double tEnd, double averageRemoved, int maxStringLength,
            double blinkRate, int neighbourRoutes) {
        this(budgetNanos, seed, t0, tEnd, averageRemoved, maxStringLength, blinkRate, neighbourRoutes, false);
    }

    /**
     * @param anyWeights also run when the soft score is more than travel (overtime, waiting, fairness...): the search
     *                   then minimises unassigned visits, then the routes' travel, waiting and overtime as the plan
     *                   weighs them ({@link #costWeights}); Timefold, judging each hand-over by the full score, keeps
     *                   its own best when the hand-over is worse; its local search goes on from the search's plan and
     *                   weighs the other soft rules (fairness, preferred technicians) again
     */
    public TravelSearch(long budgetNanos, long seed, double t0, double tEnd, double averageRemoved, int maxStringLength,
            double blinkRate, int neighbourRoutes, boolean anyWeights) {
        this.anyWeights = anyWeights;
        this.budgetNanos = budgetNanos;
        this.seed = seed;
        this.t0 = t0;
        this.tEnd = tEnd;
        this.settings = new RuinRecreate.Settings(averageRemoved, maxStringLength, blinkRate, neighbourRoutes,
                SearchPhases.MAX_UNASSIGNED_RETRIED, 0);
    }

    /** Whether the plan's soft score is travel alone, so that the estimator's objective is the score's. */
    public static boolean appliesTo(FieldPlan plan) {
        ConstraintWeightOverrides<HardMediumSoftScore> weights = plan.getConstraintWeightOverrides();
        for (String id : List.of(FieldPlanConstraintProvider.OVERTIME,
                FieldPlanConstraintProvider.PREFERRED_TECHNICIAN_NOT_USED, FieldPlanConstraintProvider.UNFAIR_WORKLOAD,
                FieldPlanConstraintProvider.WAITING_TIME)) {
            HardMediumSoftScore w = weights.getConstraintWeight(id);
            if (w == null || !w.equals(HardMediumSoftScore.ZERO)) {
                return false;
            }
        }
        return true;
    }

    /**
     * With {@code anyWeights} on a plan whose soft score is more than travel: the plan's weights of travel, waiting and
     * overtime, so that the search judges a route by what those rules would penalise (the other soft rules, fairness
     * and preferred technicians, it does not see). Null (travel alone) otherwise, or when
     * {@code -Dfieldplan.search.timeCosts=false} (for comparison runs).
     */
    private RuinRecreate.@org.jspecify.annotations.Nullable CostWeights costWeights(FieldPlan plan, SearchModel model) {
        if (!anyWeights || appliesTo(plan) || !Boolean.parseBoolean(System.getProperty("fieldplan.search.timeCosts", "true"))) {
            return null;
        }
        // a replan (published visits, the minimal-change rule on): a moved or re-timed published visit costs what the
        // rule charges (PublishedCosts); null, and so no change, for plans never published
        return RuinRecreate.CostWeights.of(plan).withPublished(PublishedCosts.of(plan, model));
    }

    /** One run of the search, carried from slice to slice on the solver's thread. */
    private final class Run {
        final PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable;
        final SearchModel model;
        final RuinRecreate rr;
        final int[] pins;
        final long started = System.nanoTime();
        final long cpuStarted = threadCpuNanos();
        final long deadline = started + budgetNanos;
        final double hot;
        final double cold;
        final SplittableRandom random = new SplittableRandom(seed);
        RuinRecreate.Snapshot current;
        RuinRecreate.Snapshot best;
        RuinRecreate.Snapshot published;
        long iteration;
        long accepted;

        Run(PhaseCommandContext<FieldPlan> context) {
            FieldPlan plan = context.getWorkingSolution();
            listVariable = context.getSolutionMetaModel().genuineEntity(Shift.class).listVariable();
            model = new SearchModel(plan, SearchPhases.DEFAULT_NEIGHBOUR_COUNT);
            rr = new RuinRecreate(model, settings.withCosts(costWeights(plan, model)), listVariable);
            pins = rr.pinnedCounts();
            int[][] routes = model.currentRoutes();
            current = rr.new Snapshot(new RoutePlanner(model, routes, pins), routes, pins);
            best = current;
            published = current;
            int assigned = model.visitCount() - current.unassigned.size();
            double averageLeg = Math.max(1.0, (double) current.travel / Math.max(1, assigned));
            hot = t0 * averageLeg;
            cold = Math.min(hot, tEnd * averageLeg);
        }
    }

    private final ThreadLocal<Run> run = new ThreadLocal<>();

    /** The whole search as one command: Timefold sees its best plan when it returns. */
    @Override
    public void changeWorkingSolution(PhaseCommandContext<FieldPlan> context) {
        if (start(context)) {
            runFor(context, Long.MAX_VALUE);
        }
    }

    /**
     * The search as commands of one custom phase that each run at most {@link #PUBLISH_INTERVAL_NANOS} and end by
     * handing the best plan so far to Timefold: Timefold records a custom phase's best solution (and tells the
     * solver's listeners) only when a command returns, so a single command would hold back every improvement until
     * the end of the phase. Between commands Timefold checks its termination (time limit, {@code terminateEarly}).
     */
    public List<PhaseCommand<FieldPlan>> slices() {
        int count = (int) Math.min(100_000, budgetNanos / PUBLISH_INTERVAL_NANOS + 2);
        List<PhaseCommand<FieldPlan>> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean first = i == 0;
            slices.add(new PhaseCommand<>() {
                @Override
                public void changeWorkingSolution(PhaseCommandContext<FieldPlan> context) {
                    if (first && !start(context)) {
                        return;
                    }
                    if (run.get() != null) {
                        runFor(context, PUBLISH_INTERVAL_NANOS);
                    }
                }

                @Override
                public String toString() {
                    return TravelSearch.this + (first ? " first slice" : " slice");
                }
            });
        }
        return slices;
    }

    /** Starts a run on this thread; false when the search does not apply to the plan. */
    private boolean start(PhaseCommandContext<FieldPlan> context) {
        FieldPlan plan = context.getWorkingSolution();
        LAST.remove();
        run.remove();
        if (!(anyWeights || appliesTo(plan)) || plan.getVisits().isEmpty() || plan.getShifts().isEmpty()) {
            return false;
        }
        run.set(new Run(context));
        return true;
    }

    /** Searches for at most {@code sliceNanos}, hands the best plan to Timefold, ends the run at its deadline. */
    private void runFor(PhaseCommandContext<FieldPlan> context, long sliceNanos) {
        Run r = run.get();
        long sliceStart = System.nanoTime();
        long sliceEnd = sliceNanos == Long.MAX_VALUE ? Long.MAX_VALUE : sliceStart + sliceNanos;
        long lastPublish = sliceStart;
        double temperature = r.hot * Math.pow(r.cold / r.hot, FIXED_ITERATIONS > 0
                ? Math.min(1.0, (double) r.iteration / FIXED_ITERATIONS)
                : Math.min(1.0, (double) (sliceStart - r.started) / budgetNanos));
        boolean over = false;
        SearchModel model = r.model;
        for (; ; r.iteration++) {
            if (FIXED_ITERATIONS > 0 && r.iteration >= FIXED_ITERATIONS) {
                over = true;
                break;
            }
            if ((r.iteration & 31) == 0) {
                long now = System.nanoTime();
                if (now >= r.deadline || context.isPhaseTerminated()) {
                    over = true;
                    break;
                }
                if (now >= sliceEnd) {
                    break;
                }
                double progress = FIXED_ITERATIONS > 0 ? Math.min(1.0, (double) r.iteration / FIXED_ITERATIONS)
                        : Math.min(1.0, (double) (now - r.started) / budgetNanos);
                temperature = r.hot * Math.pow(r.cold / r.hot, progress);
                if (r.best != r.published && now - lastPublish >= PUBLISH_INTERVAL_NANOS) {
                    publish(context, model, r.listVariable, r.best, r.pins);
                    r.published = r.best;
                    lastPublish = now;
                }
            }
            RuinRecreate.Attempt a = r.rr.attempt(r.current, r.random);
            if (a == null) {
                continue;
            }
            boolean accept;
            if (a.unassignedChange() != 0) {
                accept = a.unassignedChange() < 0;
            } else {
                double threshold = -temperature * Math.log(1.0 - r.random.nextDouble());
                accept = a.travelAfter() < r.current.travel + threshold;
            }
            if (!accept) {
                continue;
            }
            r.accepted++;
            r.current = r.rr.accept(r.current, a); // costs what the candidate changed
            if (r.current.unassigned.size() < r.best.unassigned.size()
                    || (r.current.unassigned.size() == r.best.unassigned.size() && r.current.travel < r.best.travel)) {
                r.best = r.current;
            }
        }
        if (r.best != r.published) {
            publish(context, model, r.listVariable, r.best, r.pins);
            r.published = r.best;
        }
        LAST.set(new Statistics(r.iteration, r.accepted, (System.nanoTime() - r.started) / 1e9,
                (threadCpuNanos() - r.cpuStarted) / 1e9, r.best.travel,
                r.best.unassigned.size()));
        if (over) {
            run.remove();
        }
    }

    /** Turns the working solution's routes into {@code target}'s with one move, which Timefold scores. */
    private static void publish(PhaseCommandContext<FieldPlan> context, SearchModel model,
            PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable, RuinRecreate.Snapshot target,
            int[] pins) {
        List<Visit> removals = new ArrayList<>();
        List<RouteChangeMove.Insertion> insertions = new ArrayList<>();
        for (int s = 0; s < model.shiftCount(); s++) {
            Shift shift = model.shifts.get(s);
            List<Visit> now = shift.getVisits();
            int[] wanted = target.routes[s];
            boolean same = now.size() == wanted.length;
            for (int i = 0; same && i < wanted.length; i++) {
                same = model.visitIndex.get(now.get(i)) == wanted[i];
            }
            if (same) {
                continue;
            }
            for (int i = pins[s]; i < now.size(); i++) {
                removals.add(now.get(i));
            }
            for (int i = pins[s]; i < wanted.length; i++) {
                insertions.add(new RouteChangeMove.Insertion(model.visits.get(wanted[i]), shift, i));
            }
        }
        if (!removals.isEmpty() || !insertions.isEmpty()) {
            context.execute(new RouteChangeMove(listVariable, removals, insertions, "travelSearch"));
        }
    }

    @Override
    public String toString() {
        return "TravelSearch(" + budgetNanos / 1_000_000 + " ms, t0 " + t0 + ", tEnd " + tEnd + ", "
                + Arrays.toString(new double[] {settings.averageRemoved(), settings.maxStringLength(),
                settings.blinkRate(), settings.neighbourRoutes()}) + ")";
    }
}
