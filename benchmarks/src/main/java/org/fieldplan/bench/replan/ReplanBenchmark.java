package org.fieldplan.bench.replan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.phase.PhaseConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import org.fieldplan.bench.RunFacts;
import org.fieldplan.bench.plan.PlanBenchmark;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.replan.ReplanChanges;
import org.fieldplan.engine.replan.Replanning;
import org.fieldplan.engine.replan.UnassignedBound;
import org.fieldplan.engine.solver.ConstraintWeights;
import org.fieldplan.engine.solver.PlanExplainer;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.solver.VisitExplanation;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.search.EjectionInsertion;
import org.fieldplan.engine.solver.search.SearchPhases;
import org.fieldplan.engine.solver.search.TravelSearch;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.geo.road.RoadNetwork;
import org.fieldplan.geo.road.RoadNetworkSettings;
import org.fieldplan.geo.zone.ServiceZone;
import org.fieldplan.geo.zone.ZoneIndex;

/**
 * {@code ./fieldplan bench replan [--plan-steps 20000 | --plan-seconds 60] [--seconds 30] [--unimproved 5] [--ill 3] [--urgent 20] [--weight 1]
 * [--promise-minutes 120] [--seed 1] [--plain-phases] [--unassigned-first [--compare-one-round]]}: the Malta day of {@code bench plan} (1,000 visits, 50 technicians, road
 * times) is planned and published (each customer promised a window of {@code --promise-minutes} around the planned
 * start). The published plan is solved with a fixed number of local-search steps ({@code --plan-steps}, default 20,000:
 * 18-21 s at load 3-10, as good as the 60 s plans before), not a wall-clock limit, so a seed gives the same published
 * plan, the same ill technicians and the same replan problem on every run whatever the machine's load (since
 * 2026-12-06 23:40; {@code --plan-seconds} solves it for that long instead, as before, and a day then differs between
 * runs). At 11:00 three technicians (drawn by the seed among those with work left) fall ill and twenty urgent requests
 * arrive (random road addresses in the zones, priority 10, to start between 11:30 and 16:30). The replan
 * ({@link Replanning#from}: what started before 11:00 is pinned, the ill technicians' other visits are free, windows
 * start at 11:00) is solved with the minimal-change rule at {@code --weight} for at most {@code --seconds}, stopping
 * earlier after {@code --unimproved} seconds without a better plan, in one solve with the replan's phases
 * ({@link Replanning#replan}: a ruin-and-recreate travel search that charges the minimal-change rule, then local search;
 * {@code --plain-phases}: the plain solver's phases, as until 2026-12-06 20:50) ({@code --unassigned-first}: by
 * {@link Replanning#solve}, one solve with the rule and one without it then with it, the better one;
 * {@code --compare-one-round} with it: also the one-round solve of the same problem, in the proof column). The lower bound
 * of {@link UnassignedBound} says whether the unassigned count is the fewest possible. Last line:
 * {@code replan: moved M of P published visits | customers with a new time C | unassigned U | X s}: P published visits
 * still to do, M of them with another technician now, C customers whose start left their promised window, U visits
 * unassigned in the replan, X seconds for the replan (problem and solve). Results with the details (moves off the ill
 * technicians' routes, why visits stay unassigned) are appended to benchmarks/results/replan.md.
 */
public final class ReplanBenchmark {

    private static final long NOW = 11 * 3600;
    private static final long DAY_END = 17 * 3600;
    /** Local-search steps of the published plan (18-21 s at load 3-10; see replan.md). */
    static final int DEFAULT_PLAN_STEPS = 20_000;
    /** The published plan's solve stops here at the latest (a guard; a run that reaches it is flagged). */
    static final int PLAN_SAFETY_SECONDS = 600;

    private ReplanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int planSeconds = 0; // 0: the published plan by a fixed number of local-search steps (--plan-steps)
        int planSteps = DEFAULT_PLAN_STEPS;
        int seconds = 30;
        int unimproved = 5;
        int ill = 3;
        int urgent = 20;
        int weight = 1;
        int promiseMinutes = 120;
        long seed = 1;
        boolean oneRound = true;
        boolean compare = false;
        boolean plainPhases = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--one-round")) {
                oneRound = true; // the default since 2026-12-06 19:15
                continue;
            }
            if (args[i].equals("--unassigned-first")) {
                oneRound = false; // the replan by Replanning.solve (the default 18:33-19:15)
                continue;
            }
            if (args[i].equals("--plain-phases")) {
                plainPhases = true; // the plain solver's phases (no travel search in a replan; the default until 20:50)
                continue;
            }
            if (args[i].equals("--compare-one-round")) {
                compare = true; // also solve the same problem in one round, to compare on the same published plan
                continue;
            }
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--plan-seconds" -> planSeconds = number(args[i], value, 1);
                case "--plan-steps" -> planSteps = number(args[i], value, 1);
                case "--seconds" -> seconds = number(args[i], value, 1);
                case "--unimproved" -> unimproved = number(args[i], value, 1);
                case "--ill" -> ill = number(args[i], value, 0);
                case "--urgent" -> urgent = number(args[i], value, 0);
                case "--weight" -> weight = number(args[i], value, 0);
                case "--promise-minutes" -> promiseMinutes = number(args[i], value, 0);
                case "--seed" -> seed = number(args[i], value, 1);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; known: --plan-steps --plan-seconds --seconds --unimproved --ill --urgent --weight --promise-minutes --seed --one-round --plain-phases --unassigned-first --compare-one-round");
                    System.exit(2);
                }
            }
            i++;
        }
        String commit = RunFacts.commit();
        String command = "./fieldplan bench replan " + String.join(" ", args);
        Path dataDir = Path.of(System.getProperty("fieldplan.data.dir",
                System.getenv().getOrDefault("FIELDPLAN_DATA_DIR", "../shared/data")));
        Path extract = dataDir.resolve("osm/malta-2018-08-27.osm.pbf");
        List<ServiceZone> zones = PlanBenchmark.demoZones();
        int visits = 1000;
        int technicians = 50;
        try (RoadNetwork network = RoadNetwork.open(RoadNetworkSettings.of(extract), ReplanBenchmark::say)) {
            // the day's visits and, after them, the urgent requests' places (one matrix for both)
            PlanBenchmark.DayFacts facts = PlanBenchmark.dayFacts(network, zones, new ZoneIndex(zones), visits + urgent,
                    technicians, seed);
            TravelMatrix matrix = network.matrix(facts.points());
            List<Visit> dayVisits = facts.visits().subList(0, visits);
            FieldPlan day = new FieldPlan(PlanBenchmark.DAY_PLANNED.atStartOfDay(), facts.technicians(), facts.zones(),
                    facts.shifts(), dayVisits, matrix);
            day.setConstraintWeightOverrides(ConstraintWeights.minimalChange(weight));
            long planStarted = System.nanoTime();
            FieldPlan published;
            String planHow;
            if (planSeconds > 0) {
                say("planning the day: %d visits, %d technicians, %d s", visits, technicians, planSeconds);
                published = new PlanSolver().solve(day,
                        new SolverSettings(Duration.ofSeconds(planSeconds), null, seed, false), ProgressListener.NONE);
                planHow = planSeconds + " s";
            } else {
                say("planning the day: %d visits, %d technicians, %d local-search steps", visits, technicians, planSteps);
                published = new PlanSolver().solveWithStatistics(day, publishedPlanConfig(planSteps, seed),
                        ProgressListener.NONE).plan();
                planHow = planSteps + " steps";
            }
            double planTook = (System.nanoTime() - planStarted) / 1e9;
            if (planSeconds == 0 && planTook >= PLAN_SAFETY_SECONDS - 1) {
                say("WARNING: the published plan hit the %d s safety limit before %d steps: this day is not the"
                        + " seed's reproducible day", PLAN_SAFETY_SECONDS, planSteps);
                planHow += " (cut at " + PLAN_SAFETY_SECONDS + " s: not reproducible)";
            }
            say("published plan (%s, %.1f s): %s, %d unassigned, travel %.1f h", planHow, planTook, published.getScore(),
                    published.unassignedCount(), published.travelSeconds() / 3600.0);
            Replanning.publish(published, promiseMinutes * 30L, promiseMinutes * 30L);

            // who falls ill: drawn among the technicians with work left after 11:00
            List<Shift> candidates = new ArrayList<>();
            for (Shift s : published.getShifts()) {
                if (s.getVisits().stream().anyMatch(v -> v.getStartTime() >= NOW)) {
                    candidates.add(s);
                }
            }
            SplittableRandom random = new SplittableRandom(seed * 31 + 7);
            Set<String> absent = new HashSet<>();
            Set<String> illVisits = new HashSet<>();
            while (absent.size() < Math.min(ill, candidates.size())) {
                Shift s = candidates.get(random.nextInt(candidates.size()));
                if (absent.add(s.getTechnician().id())) {
                    s.getVisits().stream().filter(v -> v.getStartTime() >= NOW).forEach(v -> illVisits.add(v.getId()));
                }
            }
            List<Visit> urgentVisits = new ArrayList<>();
            for (int u = 0; u < urgent; u++) {
                Visit g = facts.visits().get(visits + u);
                urgentVisits.add(new Visit("u" + u, "Urgent " + u, g.getLocation(), g.getServiceDuration(),
                        List.of(new TimeWindow(NOW + 1800, DAY_END - 1800)), g.getRequiredSkills(), g.getZones(), 10,
                        DAY_END, null, 0));
            }
            say("at 11:00: %s fall ill (%d visits of theirs still to do), %d urgent requests arrive", absent,
                    illVisits.size(), urgent);

            EjectionInsertion.clearOnThisThread();
            long started = System.nanoTime();
            FieldPlan problem = Replanning.from(published, NOW, absent, urgentVisits);
            SolverSettings replanSettings = new SolverSettings(Duration.ofSeconds(seconds), Duration.ofSeconds(unimproved),
                    seed, false);
            boolean plain = plainPhases;
            java.util.function.Function<FieldPlan, FieldPlan> oneSolve = p -> plain
                    ? new PlanSolver().solve(p, replanSettings, ProgressListener.NONE)
                    : Replanning.replan(p, replanSettings, ProgressListener.NONE);
            FieldPlan replanned = oneRound ? oneSolve.apply(problem)
                    : Replanning.solve(problem, replanSettings, ProgressListener.NONE);
            double took = (System.nanoTime() - started) / 1e9;
            TravelSearch.Statistics travelSearch = TravelSearch.lastOnThisThread();
            if (oneRound && !plain && travelSearch != null) {
                say("replan travel search: %d iterations in %.1f s (%d/s), %d accepted", travelSearch.iterations(),
                        travelSearch.seconds(), travelSearch.iterationsPerSecond(), travelSearch.accepted());
            }
            List<EjectionInsertion.Statistics> ejections = EjectionInsertion.runsOnThisThread();
            for (EjectionInsertion.Statistics e : ejections) {
                say("replan ejection pass: %d visits tried, %d placed, %d chains found, %d scored, %.1f s", e.tried(),
                        e.placed(), e.candidates(), e.scored(), e.seconds());
            }
            // what no feasible replan can avoid leaving out (engine.replan.UnassignedBound), from the problem as built
            // (outside the replan's time)
            long boundStarted = System.nanoTime();
            UnassignedBound.Result bound = UnassignedBound.of(problem, NOW);
            say("lower bound computed in %.1f s", (System.nanoTime() - boundStarted) / 1e9);
            ReplanChanges changes = ReplanChanges.of(replanned);

            int othersPublished = 0;
            int othersMoved = 0;
            for (Visit v : changes.published()) {
                if (!illVisits.contains(v.getId())) {
                    othersPublished++;
                }
            }
            for (ReplanChanges.Move m : changes.moved()) {
                if (!illVisits.contains(m.visitId())) {
                    othersMoved++;
                }
            }
            int closed = 0;
            int urgentLeft = 0;
            List<String> reasons = new ArrayList<>();
            PlanExplainer explainer = new PlanExplainer(replanned);
            for (Visit v : changes.unassigned()) {
                if (!Replanning.stillOpen(v, NOW)) {
                    closed++;
                }
                if (v.getId().startsWith("u")) {
                    urgentLeft++;
                }
                if (reasons.size() < 8) {
                    VisitExplanation e = explainer.explain(v);
                    reasons.add(v.getId() + ": " + String.join("; ", e.reasons()));
                }
            }
            say("replanned: %s in %.1f s", replanned.getScore(), took);
            for (Visit v : changes.unassigned()) {
                say("  left out %s: %d min, windows %s, zones %s, skills %s, priority %d", v.getId(),
                        v.getServiceDuration() / 60, v.getTimeWindows().stream()
                                .map(w -> UnassignedBoundClock.of(w.start()) + "-" + UnassignedBoundClock.of(w.end())).toList(),
                        v.getZones().stream().map(z -> z.id()).sorted().toList(), v.getRequiredSkills(), v.getPriority());
            }
            say("lower bound: %s", bound.describe());
            // how the shifts that could take the unassigned visits spend their time after 11:00
            Set<String> zonesLeft = new HashSet<>();
            changes.unassigned().forEach(v -> v.getZones().forEach(z -> zonesLeft.add(z.id())));
            for (Shift s : replanned.getShifts()) {
                if (s.getZoneSegments().stream().noneMatch(z -> zonesLeft.contains(z.zone().id()))) {
                    continue;
                }
                long service = 0;
                long travel = 0;
                long waiting = 0;
                int count = 0;
                for (Visit v : s.getVisits()) {
                    if (v.getTiming() != null && v.getTiming().start() >= NOW) {
                        service += v.getServiceDuration();
                        travel += v.getTiming().travelSeconds();
                        waiting += v.getTiming().start() - v.getTiming().ready();
                        count++;
                    }
                }
                say("  %s %s: %d visits after 11:00, service %.2f h, travel %.2f h, waiting %.2f h, home %s",
                        s.getId(), s.getZoneSegments().stream().map(z -> z.zone().id() + "@" + z.start() / 3600.0).toList(),
                        count, service / 3600.0, travel / 3600.0, waiting / 3600.0, s.getEndTime() / 3600.0);
            }
            int unassigned = changes.unassigned().size();
            String proof;
            if (replanned.getScore() == null || replanned.getScore().hardScore() != 0) {
                proof = "not proven: the replan breaks a hard rule (" + replanned.getScore() + ")";
            } else if (bound.bound() == unassigned) {
                proof = "proven: " + unassigned + " unassigned is the fewest possible";
            } else {
                // a gap: would the same problem, solved without the minimal-change rule, place more?
                FieldPlan free = Replanning.from(published, NOW, absent, urgentVisits);
                free.setConstraintWeightOverrides(ConstraintWeights.minimalChange(0));
                // the same solve as the replan's (phases and limits), only the rule off
                FieldPlan freeSolved = oneSolve.apply(free);
                proof = String.format("not proven: bound %d, gap %d; the same replan without the minimal-change rule"
                        + " leaves %d unassigned (%s)", bound.bound(), unassigned - bound.bound(),
                        freeSolved.unassignedCount(), freeSolved.getScore());
            }
            if (compare && !oneRound) {
                // the same problem, the same limits, one round with the rule: a comparison on the same published plan
                long t1 = System.nanoTime();
                FieldPlan single = oneSolve.apply(problem);
                double tookSingle = (System.nanoTime() - t1) / 1e9;
                ReplanChanges c1 = ReplanChanges.of(single);
                int others1 = 0;
                for (ReplanChanges.Move m : c1.moved()) {
                    if (!illVisits.contains(m.visitId())) {
                        others1++;
                    }
                }
                proof += String.format("; one round with the rule on the same problem: unassigned %d, moved %d (others %d),"
                        + " new times %d, %.1f s", c1.unassigned().size(), c1.moved().size(), others1,
                        c1.newTimes().size(), tookSingle);
            }
            if (!ejections.isEmpty()) {
                proof += "; ejection passes (placed of tried): " + String.join(", ", ejections.stream()
                        .map(e -> String.format("%d of %d in %.1f s", e.placed(), e.tried(), e.seconds())).toList());
            }
            say("%s", proof);
            say("moved %d of the %d published visits not on the ill technicians' routes (%.1f%%); %d of the ill"
                    + " technicians' %d", othersMoved, othersPublished, 100.0 * othersMoved / Math.max(1, othersPublished),
                    changes.moved().size() - othersMoved, illVisits.size());
            say("unassigned %d: %d urgent, %d with every window closed before 11:00; %s", changes.unassigned().size(),
                    urgentLeft, closed, reasons);
            String line = String.format("replan: moved %d of %d published visits | customers with a new time %d |"
                    + " unassigned %d | %.1f s", changes.moved().size(), changes.published().size(),
                    changes.newTimes().size(), changes.unassigned().size(), took);

            Path md = Path.of("benchmarks", "results", "replan.md");
            Files.createDirectories(md.getParent());
            String section = "## Every visit that can still be served is served: the lower bound";
            if (!Files.exists(md) || !Files.readString(md).contains(section)) {
                Files.writeString(md, (Files.exists(md) ? "\n" : "# Replanning during the day with few changes\n\n") + section
                        + """


                        From 2026-12-06 each run also computes `UnassignedBound` on the replan problem: a count of visits
                        that every replan breaking no hard rule must leave unassigned (the argument is below and in
                        docs/engine.md, "How many visits a replan must leave out"). When the replan leaves exactly that many,
                        the row says "proven"; when it leaves more, the bench solves the same problem again without the
                        minimal-change rule (weight 0, same limits) and prints what that leaves, to tell a search that stops
                        short from a bound that is too weak. "others moved" is the share of published visits not on the ill
                        technicians' routes that moved (target < 15%).

                        | date (UTC) | commit | JDK | load avg 1/5/15 | seed | weight | published plan | ill technicians (visits left) | others moved | replan score | lower bound (boxes) | proof | result | command |
                        |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
                        """, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            String row = String.format("| %s | %s | %s | %s | %d | %d | %s, %d unassigned (%s) | %s (%d) | %d of %d (%.1f%%) | %s | %s | %s | `%s` | `%s` |%n",
                    Instant.now().toString().substring(0, 16).replace('T', ' '), commit, System.getProperty("java.version"),
                    RunFacts.loadAverage(), seed, weight, published.getScore(), published.unassignedCount(), planHow,
                    String.join(" ", absent.stream().sorted().toList()), illVisits.size(), othersMoved, othersPublished,
                    100.0 * othersMoved / Math.max(1, othersPublished), replanned.getScore(),
                    bound.describe().replace("|", "/"), proof, line, command);
            Files.writeString(md, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            say("results appended to %s", md);
            System.out.println(line);
        }
    }

    /**
     * The published plan's solver: the plain solver's phases (FieldPlan's insertion construction, Timefold's for what it
     * left, the ruin-and-recreate local search; the travel search does not apply to a plan with the minimal-change
     * weights) with the local search ended after {@code steps} steps instead of a wall-clock time, so that the same seed
     * gives the same published plan, and so the same ill technicians, on every run whatever the machine's load (a
     * generous time limit only guards against a hang).
     */
    static SolverConfig publishedPlanConfig(int steps, long seed) {
        LocalSearchPhaseConfig localSearch = SearchPhases.localSearch();
        localSearch.setTerminationConfig(new TerminationConfig().withStepCountLimit(steps));
        List<PhaseConfig> phases = List.of(SearchPhases.constructionHeuristic(), SolverConfigs.constructionHeuristic(),
                localSearch);
        return SolverConfigs.solverConfig(new SolverSettings(Duration.ofSeconds(PLAN_SAFETY_SECONDS), null, seed, false))
                .withPhaseList(phases);
    }

    /** hh:mm of seconds since the plan's origin. */
    private static final class UnassignedBoundClock {
        static String of(long seconds) {
            long m = Math.floorMod(seconds, 86_400L) / 60;
            return String.format("%02d:%02d", m / 60, m % 60);
        }
    }

    private static int number(String option, String value, int min) {
        try {
            int v = Integer.parseInt(value);
            if (v < min) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            System.err.println(option + ": '" + value + "' is not a whole number >= " + min);
            System.exit(2);
            return 0;
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}
