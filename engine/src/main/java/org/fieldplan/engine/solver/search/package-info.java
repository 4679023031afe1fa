/**
 * Search heuristics for FieldPlan's Timefold model, which the community edition lacks: neighbourhood
 * restricted moves and a strong construction heuristic.
 * <ul>
 * <li>{@link org.fieldplan.engine.solver.search.SearchModel}: the problem as primitive arrays (travel, windows,
 * demand, which shift may serve which visit) and each visit's nearest neighbours by travel time, built once
 * per phase.</li>
 * <li>{@link org.fieldplan.engine.solver.search.RoutePlanner}: a fast route estimator (earliest departures
 * forward, latest arrivals backward) that decides cheapest feasible insertions in O(1) per position. It
 * proposes; Timefold's score (every constraint) decides.</li>
 * <li>{@link org.fieldplan.engine.solver.search.RuinRecreateMoveIteratorFactory}: string-removal
 * ruin-and-recreate moves (removes a few strings of consecutive visits near a random seed visit, from several
 * routes, and reinserts them at their cheapest places among their neighbours' routes).</li>
 * <li>{@link org.fieldplan.engine.solver.search.InsertionConstruction}: the construction heuristic, a custom
 * phase inserting every unassigned visit at its cheapest feasible place, best of several orders; its first command's
 * order is the quick one (tightest window first) or, for the region's parts, regret-2
 * ({@link org.fieldplan.engine.solver.search.RegretInsertion}: the visit whose second-best route is dearer than its
 * best by the most goes first, per-route costs cached and only the changed route evaluated again).</li>
 * </ul>
 * Pinned visits (a prefix of each route, {@link org.fieldplan.engine.domain.Shift#getPinnedVisitCount()})
 * are never removed and nothing is inserted before them.
 */
@NullMarked
package org.fieldplan.engine.solver.search;

import org.jspecify.annotations.NullMarked;
