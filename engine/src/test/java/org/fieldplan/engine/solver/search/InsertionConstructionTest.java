package org.fieldplan.engine.solver.search;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.config.solver.SolverConfig;
import java.util.List;
import org.fieldplan.engine.assembly.SyntheticProblem;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.testing.IndependentChecker;
import org.junit.jupiter.api.Test;

/** The construction phase's two commands: the quick first order, then the best of the others if it is better. */
class InsertionConstructionTest {

    static final long SEED = 11L;

    @Test
    void thePhaseEndsWithTheBetterOfTheFirstOrderAndTheAlternatives() {
        FieldPlan problem = new SyntheticProblem(200, 10, 1, 8.0, SEED).generate();
        SearchModel model = new SearchModel(problem, 0);
        InsertionConstruction.Result first = new InsertionConstruction().first(model, () -> false);
        InsertionConstruction.Result others = new InsertionConstruction().alternatives(model, model.currentRoutes(),
                () -> false);
        assertThat(others).isNotNull();
        // on this seed regret-2 beats the tightest-window order, so the second command must replace the first plan
        assertThat(others.betterThan(first)).isTrue();
        InsertionConstruction.Result expected = others;

        SolverConfig config = SolverConfigs.solverConfig(SolverSettings.ofSeconds(60).withFullAssert(true));
        config.setPhaseConfigList(List.of(SearchPhases.constructionHeuristic()));
        FieldPlan constructed = new PlanSolver().solveWithStatistics(problem, config, ProgressListener.NONE).plan();

        assertThat(constructed.unassignedCount()).isEqualTo(expected.left());
        assertThat(constructed.assignedCount()).isEqualTo(200 - expected.left());
        assertThat(IndependentChecker.travelSeconds(constructed)).isEqualTo(constructed.travelSeconds());
        // the estimator's travel is the plan's (straight-line matrix, no breaks changing legs)
        assertThat(constructed.travelSeconds()).isEqualTo(expected.travel());
    }
}
