package org.fieldplan.bench.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.timefold.solver.core.config.phase.custom.CustomPhaseConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.solver.search.SearchPhases;
import org.fieldplan.engine.solver.search.TravelSearch;
import org.fieldplan.geo.road.RoadNetwork;
import org.fieldplan.geo.road.RoadNetworkSettings;
import org.fieldplan.geo.zone.ZoneIndex;

/**
 * Tuning probe for the region's parts (not a benchmark; no results file): one part-sized day of the region benchmark
 * (1,000 visits, 50 technicians on road times) solved by several phase lists at the same time, one thread each, for
 * the same wall-clock time, so that on a loaded machine every variant gets about the same share of the cores. Prints
 * per variant the travel, the soft score, the unassigned visits and the thread's CPU seconds.
 * {@code java ... PartTuning SECONDS VARIANT...}; a variant is {@code ls} (quick construction, local search) or
 * {@code sa:T0:SHARE[:ROUTES[:REMOVED]]} (quick construction, the travel search with starting temperature T0 average
 * legs for SHARE of the time, reinserting into the routes of ROUTES nearest visits, ruining REMOVED visits on
 * average, then the local search).
 */
public final class PartTuning {

    private PartTuning() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        List<String> variants = List.of(args).subList(1, args.length);
        Path extract = Path.of(System.getProperty("fieldplan.data.dir", "../shared/data")).resolve("osm/malta-2018-08-27.osm.pbf");
        var zones = PlanBenchmark.demoZones();
        ZoneIndex zoneIndex = new ZoneIndex(zones);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (RoadNetwork network = RoadNetwork.open(RoadNetworkSettings.of(extract), m -> { })) {
            List<FieldPlan> problems = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                problems.add(PlanBenchmark.day(network, zones, zoneIndex, 1000, 50, 1));
            }
            ExecutorService pool = Executors.newFixedThreadPool(variants.size());
            List<Future<String>> out = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                String variant = variants.get(i);
                FieldPlan problem = problems.get(i);
                out.add(pool.submit(() -> {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    SolverConfig config = SolverConfigs.solverConfig(new SolverSettings(Duration.ofSeconds(seconds), null, 7, false));
                    String[] p = variant.split(":");
                    if (p[0].equals("ls")) {
                        config.setPhaseConfigList(List.of(SearchPhases.quickConstruction(), SolverConfigs.localSearch()));
                    } else {
                        double t0 = Double.parseDouble(p[1]);
                        double share = Double.parseDouble(p[2]);
                        int routes = p.length > 3 ? Integer.parseInt(p[3]) : SearchPhases.DEFAULT_NEIGHBOUR_ROUTES;
                        double removed = p.length > 4 ? Double.parseDouble(p[4]) : SearchPhases.DEFAULT_AVERAGE_REMOVED;
                        TravelSearch search = new TravelSearch((long) (seconds * 1e9 * share), 7, t0,
                                SearchPhases.DEFAULT_TRAVEL_TEND, removed,
                                SearchPhases.DEFAULT_MAX_STRING_LENGTH, SearchPhases.DEFAULT_BLINK_RATE,
                                routes, true);
                        config.setPhaseConfigList(List.of(SearchPhases.quickConstruction(),
                                new CustomPhaseConfig().withCustomPhaseCommandList(search.slices()),
                                SolverConfigs.localSearch()));
                    }
                    FieldPlan best = new PlanSolver().solveWithStatistics(problem, config, pr -> { }).plan();
                    var stats = TravelSearch.lastOnThisThread();
                    return String.format("%-12s travel %.2f h, score %s, unassigned %d, thread CPU %.1f s, SA iterations %s",
                            variant, best.travelSeconds() / 3600.0, best.getScore(), best.getVisits().size() - best.assignedCount(),
                            (threads.getCurrentThreadCpuTime() - cpu0) / 1e9, stats == null ? "-" : stats.iterations());
                }));
            }
            for (Future<String> f : out) {
                System.out.println("[tuning] " + f.get());
            }
            pool.shutdown();
        }
    }
}
