package org.fieldplan.engine.solver;

import java.time.Duration;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/**
 * A new best plan found while solving.
 *
 * @param travelSeconds total travel time of all routes (including the returns)
 * @param travelMetres  total travel distance of all routes
 * @param elapsed       solving time so far
 */
public record Progress(HardMediumSoftScore score, int assigned, int unassigned, long travelSeconds, long travelMetres,
        Duration elapsed) {
}
