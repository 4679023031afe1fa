package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.phase.PhaseConfig;
import ai.timefold.solver.core.config.phase.custom.CustomPhaseConfig;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import ai.timefold.solver.core.api.solver.phase.PhaseCommandContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;

/**
 * The phases of FieldPlan's search, for {@code SolverConfigs}: {@link #constructionHeuristic()} and
 * {@link #localSearch()}. The defaults were tuned on Solomon VRPTW instances (see
 * {@code benchmarks/results/}).
 */
public final class SearchPhases {

    /** Average number of visits a ruin removes (SISR's c-bar). */
    public static final double DEFAULT_AVERAGE_REMOVED = 10.0;
    /** Longest string of consecutive visits a ruin removes from one route (SISR's L-max). */
    public static final int DEFAULT_MAX_STRING_LENGTH = 10;
    /** Probability of skipping a candidate place during the recreate (SISR's blink rate). */
    public static final double DEFAULT_BLINK_RATE = 0.01;
    /** How many nearest visits (by travel time) are kept per visit. */
    public static final int DEFAULT_NEIGHBOUR_COUNT = 60;
    /** The routes of this many nearest visits (plus the empty routes) are tried when reinserting a visit. */
    public static final int DEFAULT_NEIGHBOUR_ROUTES = 40;
    /** How many currently unassigned visits each ruin-and-recreate move also tries to insert. */
    static final int MAX_UNASSIGNED_RETRIED = 10;
    /** Late acceptance: compare with the score of this many steps ago. */
    public static final int DEFAULT_LATE_ACCEPTANCE_SIZE = 100;

    private SearchPhases() {
    }

    /** Share of the solver's time limit the travel search may use (the local search gets the rest). */
    public static final double DEFAULT_TRAVEL_SHARE = 0.85;
    /** Travel search starting temperature, in average legs of the starting plan. */
    public static final double DEFAULT_TRAVEL_T0 = 10.0;
    /** Travel search final temperature, in average legs. */
    public static final double DEFAULT_TRAVEL_TEND = 0.1;

    /**
     * FieldPlan's travel search ({@link TravelSearch}) for {@code share} of {@code timeLimit}. System properties
     * {@code fieldplan.search.travelShare}, {@code travelT0}, {@code travelTEnd}, {@code travelAverageRemoved}
     * override the defaults for tuning runs.
     */
    public static PhaseConfig travelSearch(java.time.Duration timeLimit, long seed) {
        double share = Double.parseDouble(System.getProperty("fieldplan.search.travelShare",
                Double.toString(DEFAULT_TRAVEL_SHARE)));
        double t0 = Double.parseDouble(System.getProperty("fieldplan.search.travelT0", Double.toString(DEFAULT_TRAVEL_T0)));
        double tEnd = Double.parseDouble(System.getProperty("fieldplan.search.travelTEnd",
                Double.toString(DEFAULT_TRAVEL_TEND)));
        double removed = Double.parseDouble(System.getProperty("fieldplan.search.travelAverageRemoved",
                Double.toString(DEFAULT_AVERAGE_REMOVED)));
        long budget = (long) (timeLimit.toNanos() * share);
        TravelSearch search = new TravelSearch(budget, seed, t0, tEnd, removed, DEFAULT_MAX_STRING_LENGTH,
                DEFAULT_BLINK_RATE, DEFAULT_NEIGHBOUR_ROUTES);
        return new CustomPhaseConfig().withCustomPhaseCommandList(search.slices());
    }

    /**
     * The travel search for {@code budget} whatever the plan's weights ({@link TravelSearch}'s {@code anyWeights}):
     * for a quick first improvement of large plans, before the local search weighs every soft rule.
     */
    public static PhaseConfig travelSearchAnyWeights(java.time.Duration budget, long seed) {
        return travelSearchAnyWeights(budget, seed, DEFAULT_TRAVEL_T0);
    }

    /**
     * {@link #travelSearchAnyWeights(java.time.Duration, long)} starting at temperature {@code t0} (average legs of the
     * starting plan): a low one continues from a plan that is already good (a warm start) instead of first wandering
     * away from it.
     */
    public static PhaseConfig travelSearchAnyWeights(java.time.Duration budget, long seed, double t0) {
        TravelSearch search = new TravelSearch(budget.toNanos(), seed, t0, Math.min(t0, DEFAULT_TRAVEL_TEND),
                DEFAULT_AVERAGE_REMOVED, DEFAULT_MAX_STRING_LENGTH, DEFAULT_BLINK_RATE, DEFAULT_NEIGHBOUR_ROUTES, true);
        return new CustomPhaseConfig().withCustomPhaseCommandList(search.slices());
    }

    /** Share of a replan's time limit its travel search may use ({@link #replanTravelSearch}). */
    public static final double DEFAULT_REPLAN_TRAVEL_SHARE = 0.5;
    /** A replan's travel search starting temperature, in average route cost per visit of the starting plan. */
    public static final double DEFAULT_REPLAN_T0 = 3.0;

    /**
     * The travel search of a replan: unassigned visits first, then the routes' travel, waiting and overtime and what
     * the minimal-change rule charges for moving or re-timing a published visit ({@link PublishedCosts}), for
     * {@code share} of {@code timeLimit}; Timefold judges each hand-over by the full score and its local search goes
     * on from there. System properties {@code fieldplan.search.replanTravelShare} and {@code replanT0} override the
     * defaults for tuning runs.
     */
    public static PhaseConfig replanTravelSearch(java.time.Duration timeLimit, long seed) {
        double share = Double.parseDouble(System.getProperty("fieldplan.search.replanTravelShare",
                Double.toString(DEFAULT_REPLAN_TRAVEL_SHARE)));
        double t0 = Double.parseDouble(System.getProperty("fieldplan.search.replanT0", Double.toString(DEFAULT_REPLAN_T0)));
        TravelSearch search = new TravelSearch((long) (timeLimit.toNanos() * share), seed, t0,
                Math.min(t0, DEFAULT_TRAVEL_TEND), DEFAULT_AVERAGE_REMOVED, DEFAULT_MAX_STRING_LENGTH, DEFAULT_BLINK_RATE,
                DEFAULT_NEIGHBOUR_ROUTES, true);
        return new CustomPhaseConfig().withCustomPhaseCommandList(onlyFromAFeasiblePlan(search.slices()));
    }

    /**
     * A replan's "insert the unassigned by ejection" pass ({@link EjectionInsertion}) for at most {@code budget}: each
     * visit left out is placed, when it can be, by taking one or two visits out of the routes nearest to it and putting
     * them back elsewhere; a change is kept only when Timefold's score says a visit more is served and no hard rule is
     * broken. System property {@code fieldplan.search.ejectionRoutes} overrides the routes opened per visit.
     */
    public static PhaseConfig replanEjection(java.time.Duration budget) {
        int routes = Integer.getInteger("fieldplan.search.ejectionRoutes", EjectionInsertion.DEFAULT_NEAREST_ROUTES);
        return new CustomPhaseConfig().withCustomPhaseCommandList(
                List.of(new EjectionInsertion(budget.toNanos(), routes)));
    }

    /**
     * The commands, run only when the working plan breaks no hard rule when the first one starts (else none of them):
     * the travel search takes a candidate for the number of visits it leaves out, so from a plan that keeps a visit in
     * a route where it breaks a rule (a team member with a technician who lacks the skill, after construction) it would
     * refuse the way out, leaving it out, and spend the time without a better plan (TeamReplanIT: the solver's
     * unimproved limit then ended the solve with the broken plan). The local search, judging by the score, repairs it.
     */
    static List<PhaseCommand<FieldPlan>> onlyFromAFeasiblePlan(List<PhaseCommand<FieldPlan>> commands) {
        ThreadLocal<Boolean> skip = new ThreadLocal<>();
        List<PhaseCommand<FieldPlan>> guarded = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            PhaseCommand<FieldPlan> command = commands.get(i);
            boolean first = i == 0;
            guarded.add(new PhaseCommand<>() {
                @Override
                public void changeWorkingSolution(PhaseCommandContext<FieldPlan> context) {
                    if (first) {
                        skip.set(!feasible(context));
                    }
                    if (!Boolean.TRUE.equals(skip.get())) {
                        command.changeWorkingSolution(context);
                    }
                }

                @Override
                public String toString() {
                    return command + " (from a feasible plan)";
                }
            });
        }
        return guarded;
    }

    private static boolean feasible(PhaseCommandContext<FieldPlan> context) {
        HardMediumSoftScore score = context.executeTemporarilyAndCalculateScore(new RouteChangeMove(
                context.getSolutionMetaModel().genuineEntity(Shift.class).listVariable(), List.of(), List.of(), "score"));
        return score.hardScore() >= 0;
    }

    /** Only the construction's quick first order (tightest window first; no alternatives): a first plan fast. */
    public static PhaseConfig quickConstruction() {
        return new CustomPhaseConfig().withCustomPhaseCommandClassList(List.of(InsertionConstruction.class));
    }

    /**
     * Only the construction's first command, ordering the visits by {@code order} (no alternatives): a first plan for
     * the region's parts. {@code -Dfieldplan.search.firstOrder} (a {@link InsertionConstruction.FirstOrder} name)
     * overrides it for tuning runs.
     */
    public static PhaseConfig quickConstruction(InsertionConstruction.FirstOrder order) {
        InsertionConstruction.FirstOrder chosen = InsertionConstruction.FirstOrder.valueOf(
                System.getProperty("fieldplan.search.firstOrder", order.name()));
        List<PhaseCommand<FieldPlan>> commands = List.of(new InsertionConstruction(chosen));
        return new CustomPhaseConfig().withCustomPhaseCommandList(commands);
    }

    /**
     * The insertion heuristic as a custom phase of two commands: a quick first plan (Timefold records it as the
     * best solution when the command returns), then the best of the other orders (regret-2, ...).
     */
    public static PhaseConfig constructionHeuristic() {
        return new CustomPhaseConfig().withCustomPhaseCommandClassList(
                List.of(InsertionConstruction.class, InsertionConstruction.Alternatives.class));
    }

    /**
     * Local search over ruin-and-recreate moves with late acceptance. For tuning runs, system properties
     * {@code fieldplan.search.lateAcceptanceSize}, {@code fieldplan.search.simulatedAnnealing} (a starting
     * temperature such as {@code 0hard/0medium/2000soft}, replacing late acceptance) and
     * {@code fieldplan.search.<property>} for the move factory's properties override the defaults.
     */
    public static LocalSearchPhaseConfig localSearch() {
        return localSearch(false);
    }

    /**
     * {@link #localSearch()} whose screen compares the routes' travel, waiting and overtime as the plan weighs them
     * instead of travel alone (for plans whose soft score is more than travel; the region's parts): the moves handed to
     * Timefold are then those that may lower those rules, not only the travel.
     */
    public static LocalSearchPhaseConfig localSearchJudgingTimeCosts() {
        return localSearch(true);
    }

    private static LocalSearchPhaseConfig localSearch(boolean timeCosts) {
        int size = Integer.getInteger("fieldplan.search.lateAcceptanceSize", DEFAULT_LATE_ACCEPTANCE_SIZE);
        Map<String, String> props = new java.util.HashMap<>();
        if (timeCosts) {
            props.put("timeCosts", "true");
        }
        for (String key : List.of("averageRemoved", "maxStringLength", "blinkRate", "neighbourCount", "neighbourRoutes",
                "screenSize", "timeCosts")) {
            String value = System.getProperty("fieldplan.search." + key);
            if (value != null) {
                props.put(key, value);
            }
        }
        LocalSearchPhaseConfig config = localSearch(size, props);
        String temperature = System.getProperty("fieldplan.search.simulatedAnnealing");
        if (temperature != null) {
            // simulated annealing accepts worse moves by chance: no screen
            props.put("screenSize", "0");
            config = localSearch(size, props);
            config.setAcceptorConfig(new LocalSearchAcceptorConfig().withSimulatedAnnealingStartingTemperature(temperature));
        }
        return config;
    }

    /**
     * @param lateAcceptanceSize late acceptance's list length
     * @param moveProperties     overrides for {@link RuinRecreateMoveIteratorFactory}'s properties
     */
    public static LocalSearchPhaseConfig localSearch(int lateAcceptanceSize, Map<String, String> moveProperties) {
        MoveIteratorFactoryConfig ruinRecreate = new MoveIteratorFactoryConfig()
                .withMoveIteratorFactoryClass(RuinRecreateMoveIteratorFactory.class);
        Map<String, String> properties = new java.util.HashMap<>(moveProperties);
        // the screen follows the acceptor's memory unless set explicitly
        properties.putIfAbsent("screenSize", Integer.toString(lateAcceptanceSize));
        ruinRecreate.setMoveIteratorFactoryCustomProperties(Map.copyOf(properties));
        return new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(ruinRecreate)
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(lateAcceptanceSize))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1));
    }
}
