package org.fieldplan.engine.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.Progress;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.solver.search.SearchPhases;
import ai.timefold.solver.core.config.solver.SolverConfig;
import org.fieldplan.engine.travel.TravelTimes;

/**
 * Solves a {@link RegionProblem} in parts: the problem is split by zone and geography ({@link Partitioner}: every
 * shift whole, each visit with a shift that may serve it), the parts are solved at the same time, one solver thread
 * each, so all of them progress together on the available cores; then the boundary pass re-solves pairs of
 * neighbouring parts together (warm-started from their plans, so a pair never gets worse), which lets visits near a
 * boundary move to the other side and unassigned ones find room next door. Each solve asks the {@link TravelTimes}
 * port for the matrix of its own places only: memory grows with the parts, not with the square of the region.
 * <p>
 * Steps: (1) each part is constructed (the insertion heuristic's quick first order only), all at the same time, so the
 * whole region's first plan appears after the sum of the constructions divided by the cores; (2) a visit its part
 * could not place moves to one of the nearest parts with a shift that may serve it and still has room; (3) all parts
 * improve at the same time (construction of what arrived, then local search) until {@code (1 - boundaryShare)} of
 * the limit; (4) the rest of the time is split over the boundary rounds (each a set of disjoint pairs solved at the
 * same time). A problem that fits one part is one plain solve.
 * <p>
 * In (3) and (4) each solve starts with the travel search ({@code SearchPhases.travelSearchAnyWeights}) for
 * {@link #TRAVEL_SHARE} of its time (in (3) at most {@link #MAX_PART_TRAVEL}, and with {@link PartitionSettings#redraws}
 * the parts are drawn again around the current routes that many times during it, each drawing going on warm, so that
 * routes on both sides of a border are searched together within the first minute): thousands of estimator-judged
 * ruin-and-recreate iterations per second instead of Timefold-scored steps, judged by the routes' travel, waiting and
 * overtime (as the plan weighs them), so that the region's plan improves within the first minute; Timefold judges
 * each hand-over by the full score and its local search then weighs every soft rule. Not when a visit has a published placement (a minimal-change replan): the travel search does not see
 * that rule.
 * Progress is the whole region's: the parts' best plans added up (a part not constructed yet counts all its visits as
 * unassigned), reported on the solver threads (return quickly).
 */
public final class PartitionedSolver {

    /** A boundary round shorter than this is not worth building the pair's matrix and solver. */
    static final Duration MIN_ROUND = Duration.ofSeconds(3);
    /** An unassigned visit may move to one of this many nearest parts. */
    static final int REHOME_TRIES = 3;
    /** Share of an improvement round given to the travel search before the local search. */
    static final double TRAVEL_SHARE = 0.4;
    /**
     * The travel search of the parts' improvement round (all its drawings) runs at most this long: in a long solve it
     * takes the whole first minute after the construction (the fastest search is what the first minute's plan needs;
     * Timefold's local search, which weighs every soft rule, comes after). 40 s until 2026-12-06 21:30.
     */
    static final Duration MAX_PART_TRAVEL = Duration.ofSeconds(52);
    /**
     * The parts' first travel search's starting temperature, in average legs of the constructed plan (3 and 1 were
     * tried at 21:22-21:25 with three redraws: 35.1 and 34.4 h at 60 s against 34.3-34.8 h at 10, within the noise).
     */
    static final double FIRST_T0 = SearchPhases.DEFAULT_TRAVEL_T0;
    /**
     * With {@link PartitionSettings#redraws}: the first drawing's share of the parts' travel search (the rest is shared
     * equally by the redraws). 0.35 gave the same 60 s plan as 0.5; five redraws after 0.4 a worse one (35.9 h). With the
     * regret construction (2026-12-07 00:20-00:26, load 8-12): 0.3 with four redraws 32.6 and 33.1 h at 60 s against
     * 32.8 h for 0.5 with three, no better. {@code -Dfieldplan.partition.firstShare} overrides it for such runs.
     */
    static final double FIRST_DRAWING_SHARE = Double.parseDouble(System.getProperty("fieldplan.partition.firstShare", "0.5"));
    /** With {@link PartitionSettings#earlyBoundary}: the parts' share of the travel search, the pairs get the rest. */
    public static final double EARLY_PARTS_SHARE = 0.6;
    /** The early pairs' starting temperature, in average legs (the parts' travel search starts at 10). */
    static final double WARM_T0 = 0.5;
    /**
     * The boundary pairs' travel search starting temperature, in average legs: warm, like {@link #WARM_T0}, since a pair
     * starts from two converged plans (until 2026-12-06 18:50 it started hot at 10, as from a construction; the
     * side-by-side runs are in docs/engine.md). {@code -Dfieldplan.partition.boundaryT0} overrides it for tuning runs.
     */
    static final double BOUNDARY_T0 = Double.parseDouble(System.getProperty("fieldplan.partition.boundaryT0",
            Double.toString(WARM_T0)));

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private final TravelTimes travel;
    /** Set by {@link #terminateEarly()}: no new stage starts, running parts' solvers are told to end. */
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** The Timefold solvers of the parts (or pairs) running now. */
    private final Set<Solver<FieldPlan>> solving = ConcurrentHashMap.newKeySet();
    private volatile boolean finished;

    /**
     * Told when a stage of the solve ends, on the thread that runs {@link #solve} (between stages, no part is solving):
     * the stage's name (as in {@link RegionPlan#stages()}), how many parts the region is split into, the region's routes
     * so far (visit ids by shift id, as {@link RegionPlan#routes()}) and its figures. Return quickly.
     */
    @FunctionalInterface
    public interface StageListener {
        StageListener NONE = (stage, parts, routes, after) -> { };

        void stageEnded(String stage, int parts, Map<String, List<String>> routes, Progress after);
    }

    public PartitionedSolver(TravelTimes travel) {
        this.travel = travel;
    }

    /**
     * Ends a running (or the next) {@link #solve} early, from any thread: no new stage starts and each running part's
     * solver is told to terminate early (again every 100 ms until the solve returns, since a Timefold solver that has not
     * started yet forgets an early termination), so {@code solve} returns the region's routes as they are within about a
     * second (a part still in its construction finishes that first).
     */
    public void terminateEarly() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        solving.forEach(Solver::terminateEarly);
        Thread.ofVirtual().name("fieldplan-partition-stop").start(() -> {
            long until = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!finished && System.nanoTime() < until) {
                solving.forEach(Solver::terminateEarly);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    /** Whether {@link #terminateEarly()} was called. */
    public boolean isTerminatedEarly() {
        return stopped.get();
    }

    public RegionPlan solve(RegionProblem problem, PartitionSettings settings, ProgressListener listener) {
        return solve(problem, settings, listener, StageListener.NONE);
    }

    /** As {@link #solve(RegionProblem, PartitionSettings, ProgressListener)}, telling {@code stageListener} each stage's end. */
    public RegionPlan solve(RegionProblem problem, PartitionSettings settings, ProgressListener listener,
            StageListener stageListener) {
        try {
            return solveInStages(problem, settings, listener, stageListener);
        } finally {
            finished = true;
        }
    }

    private RegionPlan solveInStages(RegionProblem problem, PartitionSettings settings, ProgressListener listener,
            StageListener stageListener) {
        long startNanos = System.nanoTime();
        List<Partitioner.Part> parts = Partitioner.split(problem.shifts(), problem.visits(), settings.maxVisitsPerPart(),
                settings.randomSeed());
        RegionState state = new RegionState(problem, parts);
        Tally tally = new Tally(state, listener, startNanos);
        List<Integer> partVisits = new ArrayList<>();
        List<Set<Integer>> singles = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            partVisits.add(parts.get(p).visits().size());
            singles.add(Set.of(p));
        }
        Duration total = settings.timeLimit();
        long boundaryNanos = parts.size() == 1 ? 0 : (long) (total.toNanos() * settings.boundaryShare());
        long partsEnd = startNanos + total.toNanos() - boundaryNanos;
        int runs = 0;
        Stages stages = new Stages(startNanos, tally, state, stageListener);
        {
            // 1. construction: every part at the same time, a thread each. The first plan needs every part; on idle
            //    cores the last part is done after the sum of the constructions divided by the cores either way (one
            //    part per core at a time, as before, or all at once), but on a loaded machine the scheduler shares
            //    the cores per thread (2026-12-06 13:06, load 25-44: the two construction threads got 0.08 cores,
            //    the ten improvement threads 0.19; loaded constructions took 16-54 s of wall clock for ~3 CPU s)
            if (!stopped.get()) {
            stages.begin();
            stages.end("construction", runRound(singles, partsEnd, state, tally, settings.randomSeed(), singles.size(),
                    Phases.CONSTRUCT, 0));
            }
            // 2. visits a part could not place go next door where a shift has room; then every part improves at the
            //    same time (its construction phases first place what arrived)
            if (parts.size() > 1 && !stopped.get()) {
                stages.begin();
                state.rehomeUnassigned(parts, REHOME_TRIES);
                stages.end("rehome", List.of());
            }
            boolean unpublished = problem.visits().stream().allMatch(v -> v.getPublished() == null);
            boolean travelFirst = settings.travelSearch() && unpublished;
            // without the travel search: FieldPlan's construction for what is unassigned, then the local search (not
            // Timefold's construction heuristic, which scores every position of the part for each visit left out);
            // a minimal-change replan keeps the engine's default phases
            Phases local = unpublished ? Phases.CONSTRUCT_THEN_LOCAL : Phases.DEFAULT;
            long improveNanos = partsEnd - System.nanoTime();
            if (stopped.get()) {
                // ended early: no more stages
            } else if (travelFirst) {
                // the travel search and the local search as two rounds, so that the split of the time is measured
                long travelNanos = Math.min((long) (improveNanos * TRAVEL_SHARE), MAX_PART_TRAVEL.toNanos());
                long travelEnd = System.nanoTime() + travelNanos;
                boolean early = settings.earlyBoundary() && parts.size() > 1;
                long partsTravelEnd = early ? System.nanoTime() + (long) (travelNanos * EARLY_PARTS_SHARE) : travelEnd;
                int redraws = early ? 0 : settings.redraws();
                long firstEnd = redraws == 0 || parts.size() == 1 ? partsTravelEnd
                        : System.nanoTime() + (long) (travelNanos * FIRST_DRAWING_SHARE);
                if (!stopped.get()) {
                stages.begin();
                stages.end("parts travel search", runRound(singles, firstEnd, state, tally, settings.randomSeed(),
                        singles.size(), Phases.TRAVEL, firstEnd - System.nanoTime()));
                }
                for (int r = 1; r <= redraws && parts.size() > 1; r++) {
                    // the parts drawn again around the current routes (a differently seeded clustering of the shifts
                    // by their routes' centres): routes that faced each other across a border now share a part, and
                    // the travel search goes on warm in every new part
                    long roundEnd = firstEnd + (partsTravelEnd - firstEnd) * r / redraws;
                    if (roundEnd - System.nanoTime() < MIN_ROUND.toNanos() || stopped.get()) {
                        break;
                    }
                    stages.begin();
                    List<Partitioner.Part> drawn = Partitioner.split(state.shiftsWithRoutes(), problem.visits(),
                            settings.maxVisitsPerPart(), settings.randomSeed() + 7919L * r);
                    state.repartition(drawn);
                    tally.repartition(state.partFigures());
                    parts = drawn;
                    singles = new ArrayList<>();
                    for (int p = 0; p < parts.size(); p++) {
                        singles.add(Set.of(p));
                    }
                    stages.end("parts drawn again " + r + ", travel search", runRound(singles, roundEnd, state, tally,
                            settings.randomSeed() + 300 + r, singles.size(), Phases.TRAVEL_WARM,
                            roundEnd - System.nanoTime()));
                }
                if (early && travelEnd - System.nanoTime() >= MIN_ROUND.toNanos() && !stopped.get()) {
                    // the nearest pairs go on with the travel search together, warm (a low temperature): the visits near
                    // the borders move across within the first minute instead of after the local search
                    // (a part in none of the first round's pairs goes on alone)
                    List<Set<Integer>> pairs = new ArrayList<>(boundaryRounds(parts).get(0));
                    Set<Integer> paired = new HashSet<>();
                    pairs.forEach(paired::addAll);
                    for (int p = 0; p < parts.size(); p++) {
                        if (!paired.contains(p)) {
                            pairs.add(Set.of(p));
                        }
                    }
                    stages.begin();
                    stages.end("early boundary travel search", runRound(pairs, travelEnd, state, tally,
                            settings.randomSeed() + 700, pairs.size(), Phases.TRAVEL_WARM, travelEnd - System.nanoTime()));
                }
                if (partsEnd - System.nanoTime() >= MIN_ROUND.toNanos() && !stopped.get()) {
                    stages.begin();
                    stages.end("parts local search", runRound(singles, partsEnd, state, tally, settings.randomSeed() + 500,
                            singles.size(), Phases.LOCAL, 0));
                }
            } else {
                stages.begin();
                stages.end("parts local search", runRound(singles, partsEnd, state, tally, settings.randomSeed(),
                        singles.size(), local, 0));
            }
            List<List<Set<Integer>>> rounds = boundaryRounds(parts);
            // as many rounds as the boundary time gives at least MIN_ROUND each (at least one), nearest pairs first
            int roundCount = (int) Math.min(rounds.size(), Math.max(1, boundaryNanos / MIN_ROUND.toNanos()));
            long end = startNanos + total.toNanos();
            for (int r = 0; r < roundCount && boundaryNanos > 0; r++) {
                long roundNanos = (end - System.nanoTime()) / (roundCount - r);
                if (roundNanos < 1_000_000_000L || stopped.get()) {
                    break;
                }
                stages.begin();
                stages.end("boundary round " + (r + 1), runRound(rounds.get(r), System.nanoTime() + roundNanos, state,
                        tally, settings.randomSeed() + 1000L * (r + 1), rounds.get(r).size(),
                        travelFirst ? Phases.TRAVEL_THEN_LOCAL : local,
                        travelFirst ? (long) (roundNanos * TRAVEL_SHARE) : 0));
                runs += rounds.get(r).size();
            }
        }
        return new RegionPlan(state.routes(), tally.whole(), List.copyOf(partVisits), runs, stages.list());
    }

    /**
     * For tuning probes: part {@code part} of the region as the solver splits it, with its own matrix and its routes
     * empty (as the parts' construction gets it).
     */
    public static FieldPlan part(RegionProblem problem, PartitionSettings settings, TravelTimes travel, int part) {
        List<Partitioner.Part> parts = Partitioner.split(problem.shifts(), problem.visits(), settings.maxVisitsPerPart(),
                settings.randomSeed());
        return new RegionState(problem, parts).build(Set.of(part), travel);
    }

    /** What a round's solves run. */
    enum Phases {
        /** FieldPlan's insertion construction only, its quick first order (fast). */
        CONSTRUCT,
        /** FieldPlan's insertion construction (for what is unassigned), then Timefold's local search. */
        CONSTRUCT_THEN_LOCAL,
        /** The construction phases, then the travel search until the round ends. */
        TRAVEL,
        /** The travel search from a good plan (a low starting temperature) until the round ends. */
        TRAVEL_WARM,
        /** Timefold's local search only (the plan comes constructed). */
        LOCAL,
        /** The construction phases, the travel search for its share, then the local search. */
        TRAVEL_THEN_LOCAL,
        /** The engine's default phases (a minimal-change replan: the travel search does not see that rule). */
        DEFAULT
    }

    /** The stages of one solve, timed as they end. */
    private static final class Stages {
        private final long startNanos;
        private final Tally tally;
        private final RegionState state;
        private final StageListener listener;
        private final List<RegionPlan.Stage> list = new ArrayList<>();
        private long began;

        Stages(long startNanos, Tally tally, RegionState state, StageListener listener) {
            this.startNanos = startNanos;
            this.tally = tally;
            this.state = state;
            this.listener = listener;
        }

        void begin() {
            began = System.nanoTime();
        }

        void end(String name, List<Double> unitCpu) {
            long now = System.nanoTime();
            list.add(new RegionPlan.Stage(name, Duration.ofNanos(began - startNanos), Duration.ofNanos(now - began),
                    List.copyOf(unitCpu), tally.whole()));
            if (listener != StageListener.NONE) {
                listener.stageEnded(name, state.partCount(), state.routes(), list.get(list.size() - 1).after());
            }
        }

        List<RegionPlan.Stage> list() {
            return List.copyOf(list);
        }
    }

    /**
     * Solves the units (sets of parts) on {@code threads} threads until {@code endNanos} with the given phases
     * ({@code travelNanos}: how long the travel search runs, whatever the weights); returns the CPU seconds of each
     * unit's thread.
     */
    private List<Double> runRound(List<Set<Integer>> units, long endNanos, RegionState state, Tally tally, long seed,
            int threads, Phases phases, long travelNanos) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "fieldplan-part");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return runRound(units, endNanos, state, tally, seed, pool, phases, travelNanos);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Double> runRound(List<Set<Integer>> units, long endNanos, RegionState state, Tally tally, long seed,
            ExecutorService pool, Phases phases, long travelNanos) {
        tally.beginRound(units);
        if (stopped.get()) {
            return List.of();
        }
        List<Future<Double>> running = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            int unit = u;
            Set<Integer> members = units.get(u);
            running.add(pool.submit(() -> {
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                FieldPlan local = state.build(members, travel);
                long leftMillis = Math.max(1_000, (endNanos - System.nanoTime()) / 1_000_000);
                SolverSettings solverSettings = new SolverSettings(Duration.ofMillis(leftMillis), null, seed + unit, false);
                SolverConfig config = SolverConfigs.solverConfig(solverSettings);
                // no Timefold construction heuristic in any of them: for the few visits the estimator could not place it
                // scores every position of the part (seconds per visit on a loaded machine) and rarely places one; the
                // travel search and the local search retry unassigned visits in every move
                switch (phases) {
                    case CONSTRUCT -> config.setPhaseConfigList(List.of(SearchPhases.quickConstruction(
                            org.fieldplan.engine.solver.search.InsertionConstruction.FirstOrder.REGRET_2)));
                    case CONSTRUCT_THEN_LOCAL -> config.setPhaseConfigList(List.of(SearchPhases.constructionHeuristic(),
                            SearchPhases.localSearchJudgingTimeCosts()));
                    case TRAVEL -> config.setPhaseConfigList(List.of(SearchPhases.constructionHeuristic(),
                            SearchPhases.travelSearchAnyWeights(Duration.ofMillis(leftMillis), seed + unit, FIRST_T0)));
                    case TRAVEL_WARM -> config.setPhaseConfigList(List.of(SearchPhases.constructionHeuristic(),
                            SearchPhases.travelSearchAnyWeights(Duration.ofMillis(leftMillis), seed + unit, WARM_T0)));
                    case LOCAL -> config.setPhaseConfigList(List.of(SearchPhases.localSearchJudgingTimeCosts()));
                    case TRAVEL_THEN_LOCAL -> config.setPhaseConfigList(List.of(SearchPhases.constructionHeuristic(),
                            SearchPhases.travelSearchAnyWeights(Duration.ofNanos(travelNanos), seed + unit, BOUNDARY_T0),
                            SearchPhases.localSearchJudgingTimeCosts()));
                    case DEFAULT -> { }
                }
                // the solver built here (as PlanSolver does) so that terminateEarly() reaches it
                Solver<FieldPlan> solver = SolverFactory.<FieldPlan>create(config).buildSolver();
                solver.addEventListener(event -> tally.update(unit, PlanSolver.progressOf(event.getNewBestSolution(),
                        Duration.ofMillis(event.getTimeMillisSpent()))));
                solving.add(solver);
                FieldPlan best;
                try {
                    if (stopped.get()) {
                        return (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9; // ended early: the part as it is
                    }
                    best = solver.solve(local);
                } finally {
                    solving.remove(solver);
                }
                state.absorb(best);
                tally.finish(unit, members, best);
                return (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            }));
        }
        List<Double> cpu = new ArrayList<>();
        for (Future<Double> f : running) {
            try {
                cpu.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("The partitioned solve was interrupted.", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Solving a part failed: " + e.getCause(), e.getCause());
            }
        }
        return cpu;
    }

    /**
     * Pairs of neighbouring parts (each part with its two nearest by centre), grouped into rounds of disjoint pairs,
     * shortest pairs first.
     */
    static List<List<Set<Integer>>> boundaryRounds(List<Partitioner.Part> parts) {
        int n = parts.size();
        Set<List<Integer>> edges = new LinkedHashSet<>();
        for (int a = 0; a < n; a++) {
            List<Integer> others = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                if (b != a) {
                    others.add(b);
                }
            }
            int from = a;
            others.sort(Comparator.comparingDouble(b -> distance(parts.get(from), parts.get(b))));
            for (int i = 0; i < Math.min(2, others.size()); i++) {
                int b = others.get(i);
                edges.add(List.of(Math.min(a, b), Math.max(a, b)));
            }
        }
        List<List<Integer>> open = new ArrayList<>(edges);
        open.sort(Comparator.comparingDouble(e -> distance(parts.get(e.get(0)), parts.get(e.get(1)))));
        List<List<Set<Integer>>> rounds = new ArrayList<>();
        while (!open.isEmpty()) {
            Set<Integer> used = new HashSet<>();
            List<Set<Integer>> round = new ArrayList<>();
            for (var it = open.iterator(); it.hasNext(); ) {
                List<Integer> e = it.next();
                if (!used.contains(e.get(0)) && !used.contains(e.get(1))) {
                    used.addAll(e);
                    round.add(Set.of(e.get(0), e.get(1)));
                    it.remove();
                }
            }
            rounds.add(round);
        }
        return rounds;
    }

    private static double distance(Partitioner.Part a, Partitioner.Part b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }

    /**
     * The whole region's progress: per part its last finished figures, per running unit its live best; a unit's live
     * figures replace its members' until it finishes.
     */
    static final class Tally {
        private final RegionState state;
        private final ProgressListener listener;
        private final long startNanos;
        private Progress[] perPart;
        private List<Set<Integer>> units = List.of();
        private final Map<Integer, Progress> live = new HashMap<>();

        Tally(RegionState state, ProgressListener listener, long startNanos) {
            this.state = state;
            this.listener = listener;
            this.startNanos = startNanos;
            this.perPart = new Progress[state.partCount()];
            for (int p = 0; p < perPart.length; p++) {
                int visits = state.visitCount(p);
                perPart[p] = new Progress(HardMediumSoftScore.ofMedium(-state.prioritySum(p)), 0, visits, 0, 0,
                        Duration.ZERO);
            }
        }

        /** The parts were drawn again: their figures start from the region's routes as they are. */
        synchronized void repartition(Progress[] figures) {
            // the soft and hard levels are not kept per shift: the region's are shared out by travel until each new
            // part reports its own (the medium level, unassigned priorities, is exact)
            HardMediumSoftScore before = whole().score();
            long travelSum = 0;
            for (Progress f : figures) {
                travelSum += f.travelSeconds();
            }
            for (int p = 0; p < figures.length; p++) {
                Progress f = figures[p];
                double share = travelSum == 0 ? (p == 0 ? 1 : 0) : f.travelSeconds() / (double) travelSum;
                figures[p] = new Progress(HardMediumSoftScore.of(p == 0 ? before.hardScore() : 0,
                        f.score().mediumScore(), Math.round(before.softScore() * share)), f.assigned(), f.unassigned(),
                        f.travelSeconds(), f.travelMetres(), f.elapsed());
            }
            perPart = figures;
            units = List.of();
            live.clear();
        }

        synchronized void beginRound(List<Set<Integer>> roundUnits) {
            this.units = roundUnits;
            live.clear();
        }

        void update(int unit, Progress progress) {
            Progress whole;
            synchronized (this) {
                live.put(unit, progress);
                whole = whole();
            }
            listener.onNewBest(whole);
        }

        /** The unit's final plan, split back into its parts (score: medium per part, hard and soft on the first). */
        synchronized void finish(int unit, Set<Integer> members, FieldPlan best) {
            HardMediumSoftScore score = best.getScore() == null ? HardMediumSoftScore.ZERO : best.getScore();
            boolean first = true;
            for (int p : members.stream().sorted().toList()) {
                int assigned = 0;
                long travelSeconds = 0;
                long travelMetres = 0;
                for (Shift s : best.getShifts()) {
                    if (state.partOfShift(s.getId()) == p) {
                        assigned += s.getVisits().size();
                        travelSeconds += s.travelSeconds();
                        travelMetres += s.travelMetres();
                    }
                }
                int unassigned = 0;
                int unassignedPriority = 0;
                for (Visit v : best.getVisits()) {
                    Integer part = state.partOfVisit(v.getId());
                    if (!v.isAssigned() && part != null && part == p) {
                        unassigned++;
                        unassignedPriority += v.getPriority();
                    }
                }
                HardMediumSoftScore partScore = HardMediumSoftScore.of(first ? score.hardScore() : 0, -unassignedPriority,
                        first ? score.softScore() : 0);
                perPart[p] = new Progress(partScore, assigned, unassigned, travelSeconds, travelMetres, Duration.ZERO);
                first = false;
            }
            live.remove(unit);
        }

        synchronized Progress whole() {
            Set<Integer> covered = new HashSet<>();
            HardMediumSoftScore score = HardMediumSoftScore.ZERO;
            int assigned = 0;
            int unassigned = 0;
            long seconds = 0;
            long metres = 0;
            for (Map.Entry<Integer, Progress> e : live.entrySet()) {
                Progress p = e.getValue();
                covered.addAll(units.get(e.getKey()));
                score = score.add(p.score());
                assigned += p.assigned();
                unassigned += p.unassigned();
                seconds += p.travelSeconds();
                metres += p.travelMetres();
            }
            for (int part = 0; part < perPart.length; part++) {
                if (!covered.contains(part)) {
                    Progress p = perPart[part];
                    score = score.add(p.score());
                    assigned += p.assigned();
                    unassigned += p.unassigned();
                    seconds += p.travelSeconds();
                    metres += p.travelMetres();
                }
            }
            return new Progress(score, assigned, unassigned, seconds, metres, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }
}
