/**
 * The JSON problem format of FieldPlan (see {@code docs/problem-format.md}): reading and validating a problem
 * file into a wire model ({@link org.fieldplan.geo.problem.ProblemReader}), assembling the wire model into the
 * engine's planning model ({@link org.fieldplan.geo.problem.ProblemAssembler}) and writing a solved plan back as
 * JSON ({@link org.fieldplan.geo.problem.SolutionWriter}). Jackson stays inside this package: the engine never
 * sees it.
 */
@NullMarked
package org.fieldplan.geo.problem;

import org.jspecify.annotations.NullMarked;
