package org.fieldplan.engine.solver;

import org.fieldplan.engine.domain.FieldPlan;

/** The best plan a solve found and the solver's counters. */
public record SolveResult(FieldPlan plan, SolveStatistics statistics) {
}
