package org.fieldplan.engine.domain;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import org.fieldplan.engine.travel.TravelMatrix;
import org.jspecify.annotations.Nullable;

/**
 * A planning problem and (once solved) its plan: technicians, zones, shifts with their routes, visits
 * and the travel matrix. All times are seconds since {@link #getOrigin()}, midnight of the plan's first
 * day in the company's local time.
 * <p>
 * Score: hard (feasibility, see the constraint provider) / medium (unassigned visits by priority) /
 * soft (travel and service quality). Weights can be changed per problem with
 * {@link #setConstraintWeightOverrides(ConstraintWeightOverrides)}.
 */
@PlanningSolution(solutionCloner = FieldPlanCloner.class)
public class FieldPlan {

    private LocalDateTime origin;
    private TravelMatrix travelMatrix;
    @ProblemFactCollectionProperty
    private List<Technician> technicians;
    @ProblemFactCollectionProperty
    private List<Zone> zones;
    @PlanningEntityCollectionProperty
    private List<Shift> shifts;
    @PlanningEntityCollectionProperty
    @ValueRangeProvider
    private List<Visit> visits;

    private ConstraintWeightOverrides<HardMediumSoftScore> constraintWeightOverrides = ConstraintWeightOverrides.none();

    @PlanningScore
    private @Nullable HardMediumSoftScore score;

    /** For Timefold's cloner only. */
    @SuppressWarnings("NullAway.Init")
    protected FieldPlan() {
    }

    /**
     * Builds a plan and attaches the travel matrix to every shift. Visits already in a shift's route are a
     * warm start; {@link Shift#pinVisits(int)} pins a prefix of a route.
     *
     * @throws IllegalArgumentException listing every bad item at once (duplicate ids, location indexes outside
     *                                  the matrix, a visit in two routes, a route visit missing from the visits)
     */
    public FieldPlan(LocalDateTime origin, List<Technician> technicians, List<Zone> zones, List<Shift> shifts,
            List<Visit> visits, TravelMatrix travelMatrix) {
        this.origin = origin;
        this.travelMatrix = travelMatrix;
        this.technicians = new ArrayList<>(technicians);
        this.zones = new ArrayList<>(zones);
        this.shifts = new ArrayList<>(shifts);
        this.visits = new ArrayList<>(visits);
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The plan has " + problems.size() + " problem(s):\n  "
                    + String.join("\n  ", problems));
        }
        for (Shift shift : shifts) {
            shift.attachTravelMatrix(travelMatrix);
        }
    }

    private List<String> validate() {
        List<String> problems = new ArrayList<>();
        int size = travelMatrix.size();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < technicians.size(); i++) {
            Technician t = technicians.get(i);
            if (!ids.add("t:" + t.id())) {
                problems.add("technicians[" + i + "].id: duplicate id '" + t.id() + "'");
            }
            checkIndex(problems, "technicians[" + i + "].home", t.home(), size);
        }
        for (int i = 0; i < shifts.size(); i++) {
            Shift s = shifts.get(i);
            if (!ids.add("s:" + s.getId())) {
                problems.add("shifts[" + i + "].id: duplicate id '" + s.getId() + "'");
            }
            checkIndex(problems, "shifts[" + i + "].startLocation", s.getStartLocation(), size);
            checkIndex(problems, "shifts[" + i + "].endLocation", s.getEndLocation(), size);
        }
        Set<Visit> known = new HashSet<>();
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            if (!ids.add("v:" + v.getId())) {
                problems.add("visits[" + i + "].id: duplicate id '" + v.getId() + "'");
            }
            known.add(v);
            checkIndex(problems, "visits[" + i + "].location", v.getLocation(), size);
        }
        java.util.Map<String, List<Visit>> groups = new java.util.LinkedHashMap<>();
        for (Visit v : visits) {
            VisitGroup g = v.getGroup();
            if (g != null) {
                groups.computeIfAbsent(g.id(), k -> new ArrayList<>()).add(v);
            }
        }
        for (java.util.Map.Entry<String, List<Visit>> e : groups.entrySet()) {
            List<Visit> members = e.getValue();
            VisitGroup first = java.util.Objects.requireNonNull(members.getFirst().getGroup());
            if (members.size() != first.size()) {
                problems.add("visit group '" + e.getKey() + "': size " + first.size() + " but " + members.size()
                        + " member visit(s) in the plan; a group's members are planned together, add all or none");
            }
            for (Visit m : members) {
                if (!first.equals(m.getGroup())) {
                    problems.add("visit group '" + e.getKey() + "': member '" + m.getId() + "' has " + m.getGroup()
                            + ", member '" + members.getFirst().getId() + "' has " + first + "; members share one group");
                }
                if (m.getLocation().index() != members.getFirst().getLocation().index()) {
                    problems.add("visit group '" + e.getKey() + "': member '" + m.getId() + "' is at location "
                            + m.getLocation().index() + ", member '" + members.getFirst().getId() + "' at "
                            + members.getFirst().getLocation().index() + "; members work at one place");
                }
            }
        }
        Set<Visit> routed = new HashSet<>();
        for (int i = 0; i < shifts.size(); i++) {
            List<Visit> route = shifts.get(i).getVisits();
            for (int j = 0; j < route.size(); j++) {
                Visit v = route.get(j);
                if (!known.contains(v)) {
                    problems.add("shifts[" + i + "].visits[" + j + "]: visit '" + v.getId()
                            + "' is not in the plan's visits; add it there too");
                }
                if (!routed.add(v)) {
                    problems.add("shifts[" + i + "].visits[" + j + "]: visit '" + v.getId()
                            + "' is already in another route; a visit belongs to at most one route");
                }
            }
        }
        return problems;
    }

    private static void checkIndex(List<String> problems, String path, Location location, int size) {
        if (location.index() >= size) {
            problems.add(path + ".index: " + location.index() + " is outside the travel matrix of size " + size
                    + "; every location needs a row in the matrix");
        }
    }

    // ---- summaries ------------------------------------------------------------------------------

    public int assignedCount() {
        int n = 0;
        for (Shift shift : shifts) {
            n += shift.getVisits().size();
        }
        return n;
    }

    public int unassignedCount() {
        return visits.size() - assignedCount();
    }

    public long travelSeconds() {
        long sum = 0;
        for (Shift shift : shifts) {
            sum += shift.travelSeconds();
        }
        return sum;
    }

    public long travelMetres() {
        long sum = 0;
        for (Shift shift : shifts) {
            sum += shift.travelMetres();
        }
        return sum;
    }

    /** The wall-clock time of {@code seconds} since the origin. */
    public LocalDateTime toDateTime(long seconds) {
        return origin.plusSeconds(seconds);
    }

    // ---- accessors ------------------------------------------------------------------------------

    public LocalDateTime getOrigin() {
        return origin;
    }

    public TravelMatrix getTravelMatrix() {
        return travelMatrix;
    }

    public List<Technician> getTechnicians() {
        return technicians;
    }

    public List<Zone> getZones() {
        return zones;
    }

    public List<Shift> getShifts() {
        return shifts;
    }

    public List<Visit> getVisits() {
        return visits;
    }

    public ConstraintWeightOverrides<HardMediumSoftScore> getConstraintWeightOverrides() {
        return constraintWeightOverrides;
    }

    public void setConstraintWeightOverrides(ConstraintWeightOverrides<HardMediumSoftScore> overrides) {
        this.constraintWeightOverrides = overrides;
    }

    public @Nullable HardMediumSoftScore getScore() {
        return score;
    }

    public void setScore(@Nullable HardMediumSoftScore score) {
        this.score = score;
    }

    /** A copy with the given (cloned) entities and every other field shared, for {@link FieldPlanCloner}. */
    FieldPlan copyForClone(List<Shift> clonedShifts, List<Visit> clonedVisits) {
        FieldPlan c = new FieldPlan();
        c.origin = origin;
        c.travelMatrix = travelMatrix;
        c.technicians = technicians;
        c.zones = zones;
        c.shifts = clonedShifts;
        c.visits = clonedVisits;
        c.constraintWeightOverrides = constraintWeightOverrides;
        c.score = score;
        return c;
    }
}
