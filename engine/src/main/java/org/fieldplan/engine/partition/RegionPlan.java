package org.fieldplan.engine.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.Progress;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * The result of a {@link PartitionedSolver} run: each shift's route as visit ids, the summary of the whole (score =
 * the sum of the parts' scores; travel, assigned and unassigned are exact), and how the problem was split.
 *
 * @param routes       visit ids in route order, by shift id (every shift of the problem)
 * @param progress     the final summary
 * @param partVisits   how many visits each part held at the split
 * @param boundaryRuns how many pairs of neighbouring parts were re-solved together
 * @param stages       where the time went, in order: each step of the solve with its wall-clock time, the CPU time of
 *                     its solver threads and the region's figures when it ended
 */
public record RegionPlan(Map<String, List<String>> routes, Progress progress, List<Integer> partVisits,
        int boundaryRuns, List<Stage> stages) {

    /**
     * One step of a partitioned solve.
     *
     * @param name        {@code construction}, {@code rehome}, {@code parts travel search}, {@code parts local search},
     *                    {@code boundary round N}
     * @param started     since the solve began
     * @param wall        how long it took (wall clock)
     * @param unitCpu     CPU seconds of each unit's solver thread (a part, or a pair in a boundary round; building
     *                    its matrix included), in unit order; empty for steps without solver threads
     * @param after       the region's figures when the step ended
     */
    public record Stage(String name, Duration started, Duration wall, List<Double> unitCpu, Progress after) {

        public double cpuSeconds() {
            return unitCpu.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    public int partCount() {
        return partVisits.size();
    }

    /**
     * The plan as one {@link FieldPlan} over a matrix of the problem's global location indexes (copies of the facts,
     * the routes and pins applied; times not yet computed: score it with
     * {@link org.fieldplan.engine.solver.PlanSolver#score}). For problems small enough for one matrix: checks, tests,
     * explanations.
     */
    public FieldPlan toFieldPlan(RegionProblem problem, TravelMatrix globalMatrix) {
        return toFieldPlan(problem, routes, globalMatrix);
    }

    /**
     * As {@link #toFieldPlan(RegionProblem, TravelMatrix)} for routes of a solve still running (a
     * {@link PartitionedSolver.StageListener}'s): visit ids in route order by shift id.
     */
    public static FieldPlan toFieldPlan(RegionProblem problem, Map<String, List<String>> routes,
            TravelMatrix globalMatrix) {
        Map<String, Technician> techs = new HashMap<>();
        problem.technicians().forEach(t -> techs.put(t.id(), t));
        Map<String, Visit> copies = new HashMap<>();
        List<Visit> visits = new ArrayList<>();
        for (Visit v : problem.visits()) {
            Visit copy = v.copyWith(v.getLocation(), v.getTimeWindows(), v.getPreferredTechnician());
            copies.put(v.getId(), copy);
            visits.add(copy);
        }
        List<Shift> shifts = new ArrayList<>();
        for (Shift s : problem.shifts()) {
            Shift copy = s.copyWith(s.getTechnician(), s.getStartLocation(), s.getEndLocation());
            for (String id : routes.getOrDefault(s.getId(), List.of())) {
                copy.getVisits().add(copies.get(id));
            }
            copy.pinVisits(s.getPinnedVisitCount());
            shifts.add(copy);
        }
        FieldPlan plan = new FieldPlan(problem.origin(), problem.technicians(), problem.zones(), shifts, visits,
                globalMatrix);
        plan.setConstraintWeightOverrides(problem.weights());
        return plan;
    }
}
