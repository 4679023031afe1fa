package org.fieldplan.engine.partition;

import java.time.LocalDateTime;
import java.util.List;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;

/**
 * A planning problem too large for one dense travel matrix: the same facts as a
 * {@link org.fieldplan.engine.domain.FieldPlan} but no matrix. Every {@link org.fieldplan.engine.domain.Location}
 * carries a global index (equal indexes are the same place) and its coordinates; the travel times of each part are
 * asked from a {@link org.fieldplan.engine.travel.TravelTimes} port for that part's places only. Routes already in the
 * shifts are a warm start, their pinned prefixes stay.
 */
public record RegionProblem(LocalDateTime origin, List<Technician> technicians, List<Zone> zones, List<Shift> shifts,
        List<Visit> visits, ConstraintWeightOverrides<HardMediumSoftScore> weights) {

    public RegionProblem {
        technicians = List.copyOf(technicians);
        zones = List.copyOf(zones);
        shifts = List.copyOf(shifts);
        visits = List.copyOf(visits);
    }

    public RegionProblem(LocalDateTime origin, List<Technician> technicians, List<Zone> zones, List<Shift> shifts,
            List<Visit> visits) {
        this(origin, technicians, zones, shifts, visits, ConstraintWeightOverrides.none());
    }
}
