package org.fieldplan.bench.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.timefold.solver.core.config.phase.PhaseConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.partition.PartitionSettings;
import org.fieldplan.engine.partition.PartitionedSolver;
import org.fieldplan.engine.partition.RegionProblem;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.solver.search.SearchPhases;
import org.fieldplan.geo.road.RoadNetwork;
import org.fieldplan.geo.road.RoadNetworkSettings;
import org.fieldplan.geo.zone.ZoneIndex;

/**
 * Tuning probe for the region's parts (not a benchmark; no results file): one part of the 10,000-visit region exactly
 * as {@code PartitionedSolver} splits it (its own road matrix, routes empty), solved by several phase lists at the same
 * time, one thread each, for the same wall time. For each variant it prints the part's travel and soft score against
 * the thread's CPU seconds at every new best, so that variants are compared at equal CPU time on a loaded machine
 * (about 11 CPU s per part is what a region's first minute gives on two idle cores).
 * {@code java ... PartProbe SECONDS PART VARIANT...}; a variant is {@code ls} (quick construction, local search) or
 * {@code ts:SHARE} (quick construction, the travel search for SHARE of the time, then the local search;
 * {@code ts:SHARE:T0}: starting at temperature T0 average legs instead of 10); the travel
 * search's objective follows {@code -Dfieldplan.search.timeCosts}; a variant ending in {@code :c} screens the local
 * search's moves by travel, waiting and overtime instead of travel alone. With
 * {@code -Dfieldplan.search.iterations=N} the travel search runs exactly N iterations (temperature by iteration count)
 * and no local search follows: two builds must then print the same "its best" figures, and their iterations per
 * thread CPU second compare their speed. A variant may start with a construction prefix, {@code tw/} (tightest window
 * first, the default), {@code r2/} or {@code r3/} (regret-2 or regret-3 insertion), e.g. {@code r2/ts:1.0}; the
 * construction's own travel and thread CPU s are printed first; a variant ending in {@code @SEED} seeds the travel
 * search with SEED (7 otherwise).
 */
public final class PartProbe {

    private PartProbe() {
    }

    /** A variant's construction prefix ({@code tw/}, {@code r2/}, {@code r3/}): the first command's order. */
    private static org.fieldplan.engine.solver.search.InsertionConstruction.FirstOrder firstOrder(String prefix) {
        return switch (prefix) {
            case "tw" -> org.fieldplan.engine.solver.search.InsertionConstruction.FirstOrder.TIGHTEST_WINDOW;
            case "r2" -> org.fieldplan.engine.solver.search.InsertionConstruction.FirstOrder.REGRET_2;
            case "r3" -> org.fieldplan.engine.solver.search.InsertionConstruction.FirstOrder.REGRET_3;
            default -> throw new IllegalArgumentException("construction prefix tw/, r2/ or r3/, not " + prefix);
        };
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        int partIndex = Integer.parseInt(args[1]);
        List<String> variants = List.of(args).subList(2, args.length);
        Path extract = Path.of(System.getProperty("fieldplan.data.dir", "../shared/data")).resolve("osm/malta-2018-08-27.osm.pbf");
        var zones = PlanBenchmark.demoZones();
        ZoneIndex zoneIndex = new ZoneIndex(zones);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (RoadNetwork network = RoadNetwork.open(RoadNetworkSettings.of(extract), m -> { })) {
            PlanBenchmark.DayFacts facts = PlanBenchmark.dayFacts(network, zones, zoneIndex, 10000, 500, 1);
            RegionProblem region = new RegionProblem(PlanBenchmark.DAY_PLANNED.atStartOfDay(), facts.technicians(),
                    facts.zones(), facts.shifts(), facts.visits());
            ExecutorService pool = Executors.newFixedThreadPool(variants.size());
            List<Future<String>> out = new ArrayList<>();
            for (String variant : variants) {
                FieldPlan problem = PartitionedSolver.part(region, PartitionSettings.ofSeconds(300).withRandomSeed(1),
                        network::matrix, partIndex);
                out.add(pool.submit(() -> {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    SolverConfig config = SolverConfigs.solverConfig(new SolverSettings(Duration.ofSeconds(seconds), null, 7, false));
                    // a variant may end in @SEED: the travel search's seed (7 otherwise)
                    long seed = variant.contains("@") ? Long.parseLong(variant.substring(variant.indexOf('@') + 1)) : 7;
                    String[] p = variant.substring(variant.indexOf('/') + 1).replaceAll("@.*", "").split(":");
                    List<PhaseConfig> phases = new ArrayList<>();
                    phases.add(variant.contains("/")
                            ? SearchPhases.quickConstruction(firstOrder(variant.substring(0, variant.indexOf('/'))))
                            : SearchPhases.quickConstruction());
                    if (p[0].equals("ts")) {
                        Duration budget = Duration.ofMillis((long) (seconds * 1000 * Double.parseDouble(p[1])));
                        phases.add(p.length > 2 && !p[2].equals("c")
                                ? SearchPhases.travelSearchAnyWeights(budget, seed, Double.parseDouble(p[2]))
                                : SearchPhases.travelSearchAnyWeights(budget, seed));
                    }
                    // a fixed-iteration comparison run (-Dfieldplan.search.iterations): the travel search's own
                    // result is what is compared, no local search after it
                    if (Long.getLong("fieldplan.search.iterations", 0L) <= 0) {
                        phases.add(p[p.length - 1].equals("c")
                                ? SearchPhases.localSearch(SearchPhases.DEFAULT_LATE_ACCEPTANCE_SIZE, java.util.Map.of("timeCosts", "true"))
                                : SolverConfigs.localSearch());
                    }
                    config.setPhaseConfigList(phases);
                    StringBuilder curve = new StringBuilder();
                    double[] nextMark = {1};
                    String[] constructed = {null};
                    FieldPlan best = new PlanSolver().solveWithStatistics(problem, config, pr -> {
                        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                        if (constructed[0] == null && pr.assigned() > 0) {
                            constructed[0] = String.format(java.util.Locale.ROOT,
                                    "construction: %.2f h, unassigned %d, at %.2f thread CPU s",
                                    pr.travelSeconds() / 3600.0, pr.unassigned(), cpu);
                        }
                        if (cpu >= nextMark[0]) {
                            curve.append(String.format(java.util.Locale.ROOT, " %.0f:%.2f/%d", cpu,
                                    pr.travelSeconds() / 3600.0, pr.score().softScore() / 1000));
                            nextMark[0] = Math.floor(cpu) + 1;
                        }
                    }).plan();
                    var search = org.fieldplan.engine.solver.search.TravelSearch.lastOnThisThread();
                    System.out.println("[probe] " + variant + " " + constructed[0]);
                    return String.format("%-8s end travel %.2f h, score %s, thread CPU %.1f s%s; CPU s:travel h/soft k%s",
                            variant, best.travelSeconds() / 3600.0, best.getScore(),
                            (threads.getCurrentThreadCpuTime() - cpu0) / 1e9,
                            search == null ? "" : String.format(
                                    ", travel search %d iterations in %.1f s (%d/s), %.1f thread CPU s (%d/CPU s),"
                                            + " its best: cost %d, unassigned %d",
                                    search.iterations(), search.seconds(), search.iterationsPerSecond(),
                                    search.cpuSeconds(), search.iterationsPerCpuSecond(),
                                    search.bestCost(), search.bestUnassigned()), curve);
                }));
            }
            for (Future<String> f : out) {
                System.out.println("[probe] " + f.get());
            }
            pool.shutdown();
        }
    }
}
