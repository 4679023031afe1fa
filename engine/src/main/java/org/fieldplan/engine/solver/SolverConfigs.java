package org.fieldplan.engine.solver;

import java.util.List;

import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.phase.PhaseConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.solver.search.SearchPhases;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;

/**
 * The one place where the Timefold solver configuration is built. The phases are separate methods so
 * the search heuristics (package {@code org.fieldplan.engine.solver.search}) can replace them:
 * {@link #constructionHeuristic()} and {@link #localSearch()}.
 */
public final class SolverConfigs {

    private SolverConfigs() {
    }

    /** The full configuration for one solve: domain, constraints, phases, termination, seed, one thread. */
    public static SolverConfig solverConfig(SolverSettings settings) {
        TerminationConfig termination = new TerminationConfig().withSpentLimit(settings.timeLimit());
        if (settings.unimprovedTimeLimit() != null) {
            termination.setUnimprovedSpentLimit(settings.unimprovedTimeLimit());
        }
        return base()
                .withEnvironmentMode(settings.fullAssert() ? EnvironmentMode.FULL_ASSERT : EnvironmentMode.PHASE_ASSERT)
                .withRandomSeed(settings.randomSeed())
                .withTerminationConfig(termination)
                .withPhaseList(phases(settings));
    }

    /**
     * {@link #solverConfig} for a replan of a published plan ({@code org.fieldplan.engine.replan.Replanning}): the
     * phases of {@link #replanPhases}.
     */
    public static SolverConfig replanSolverConfig(SolverSettings settings) {
        return solverConfig(settings).withPhaseList(replanPhases(settings));
    }

    /**
     * Construction, a local search until no hard rule is broken (at most a quarter of the time), then FieldPlan's travel
     * search judging unassigned visits first and then travel, waiting, overtime
     * and the minimal-change rule's charge ({@link SearchPhases#replanTravelSearch}; {@link #phases(SolverSettings)}'s
     * travel search does nothing on a plan whose soft score is more than travel), then the ejection pass for the visits
     * still left out ({@link SearchPhases#replanEjection}), then local search.
     */
    public static List<PhaseConfig> replanPhases(SolverSettings settings) {
        // Timefold's construction places every visit, some where they break a hard rule (a visit nobody can serve, half
        // a team); the travel search counts visits left out and starts only from a plan that breaks none, so a local
        // search first repairs the plan, for at most a quarter of the time (no steps when it is already feasible)
        LocalSearchPhaseConfig repair = SearchPhases.localSearch();
        repair.setTerminationConfig(new TerminationConfig().withBestScoreFeasible(true)
                .withSpentLimit(java.time.Duration.ofMillis(Math.max(1, settings.timeLimit().toMillis() / 4))));
        // then the visits still left out, placed by ejection chains where that can be done (a tenth of the time)
        return List.of(SearchPhases.constructionHeuristic(), constructionHeuristic(), repair,
                SearchPhases.replanTravelSearch(settings.timeLimit(), settings.randomSeed()),
                SearchPhases.replanEjection(settings.timeLimit().dividedBy(10)), localSearch());
    }

    /**
     * Only a replan's ejection pass ({@link SearchPhases#replanEjection}) for a sixth of {@code settings}' time (at least
     * a second), seeded as {@code settings}: {@code Replanning.replan} runs it on the solve's best plan when visits are
     * still left out, since the solver's limits end the solve inside its last phase, the local search.
     */
    public static SolverConfig replanEjectionSolverConfig(SolverSettings settings) {
        java.time.Duration budget = java.time.Duration.ofMillis(Math.max(1000, settings.timeLimit().toMillis() / 6));
        return solverConfig(new SolverSettings(budget.plusSeconds(1), null, settings.randomSeed(), settings.fullAssert()))
                .withPhaseList(List.of(SearchPhases.replanEjection(budget)));
    }

    /** Domain and constraints only (e.g. for a {@code SolverManager}, a {@code SolutionManager} or tests). */
    public static SolverConfig base() {
        return new SolverConfig()
                .withSolutionClass(FieldPlan.class)
                .withEntityClasses(Shift.class, Visit.class)
                .withConstraintProviderClass(FieldPlanConstraintProvider.class);
    }

    /**
     * Construction heuristic (FieldPlan's insertion heuristic, then Timefold's for any visit it left out,
     * judged by the full score), then local search.
     */
    public static List<PhaseConfig> phases() {
        return List.of(SearchPhases.constructionHeuristic(), constructionHeuristic(), localSearch());
    }

    /**
     * {@link #phases()} with FieldPlan's travel search between construction and local search: it runs for a
     * share of the time limit when the plan's soft score is travel alone and does nothing otherwise
     * ({@link SearchPhases#travelSearch}).
     */
    public static List<PhaseConfig> phases(SolverSettings settings) {
        return List.of(SearchPhases.constructionHeuristic(), constructionHeuristic(),
                SearchPhases.travelSearch(settings.timeLimit(), settings.randomSeed()), localSearch());
    }

    /** Inserts the still unassigned visits one by one at the best place by the full score. */
    public static PhaseConfig constructionHeuristic() {
        return new ConstructionHeuristicPhaseConfig();
    }

    /** Improves the plan: neighbourhood-restricted ruin-and-recreate moves ({@link SearchPhases}). */
    public static PhaseConfig localSearch() {
        return SearchPhases.localSearch();
    }
}
