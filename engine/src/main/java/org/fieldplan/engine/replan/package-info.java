/**
 * Replanning a published day with as few changes as possible: the published placements as facts, the problem from a
 * moment on (what is done stays, what an absent technician had is free again, new requests join) and the list of
 * changes a dispatcher reviews. The rule that keeps changes few is the constraint
 * {@code publishedVisitChanged} ({@link org.fieldplan.engine.solver.FieldPlanConstraintProvider}).
 */
@NullMarked
package org.fieldplan.engine.replan;

import org.jspecify.annotations.NullMarked;
