package org.fieldplan.engine.solver;

import java.util.List;
import java.util.Set;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintJustification;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.score.stream.uni.UniConstraintStream;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;

import java.time.LocalDate;

/**
 * The rules a plan is scored by. One method per constraint, its id a constant, its justification a record;
 * the predicates are domain methods ({@link Visit}, {@link Shift}) so the explainer reuses them.
 * <p>
 * Match weights are in natural units (seconds, skills, demand units, priority); the default constraint
 * weights below turn them into score and can be overridden per plan
 * ({@link ConstraintWeights}, e.g. {@link ConstraintWeights#travelOnly()}).
 */
public final class FieldPlanConstraintProvider implements ConstraintProvider {

    // ---- hard ----
    public static final String MISSING_SKILL = "missingSkill";
    public static final String OUTSIDE_ZONE_SCHEDULE = "outsideZoneSchedule";
    public static final String SERVICE_STARTS_AFTER_WINDOW = "serviceStartsAfterWindow";
    public static final String ROUTE_ENDS_AFTER_LATEST_END = "routeEndsAfterLatestEnd";
    public static final String FINISHES_AFTER_DEADLINE = "finishesAfterDeadline";
    public static final String CAPACITY_EXCEEDED = "capacityExceeded";
    public static final String UNREACHABLE_LEG = "unreachableLeg";
    public static final String BREAK_NOT_IN_SPAN = "breakNotInSpan";
    public static final String VISIT_GROUP_PARTLY_ASSIGNED = "visitGroupPartlyAssigned";
    public static final String VISIT_GROUP_SAME_TECHNICIAN = "visitGroupSameTechnician";
    public static final String VISIT_GROUP_STARTS_APART = "visitGroupStartsApart";
    // ---- medium ----
    public static final String UNASSIGNED_VISIT = "unassignedVisit";
    // ---- soft ----
    public static final String TRAVEL_TIME = "travelTime";
    public static final String OVERTIME = "overtime";
    public static final String PREFERRED_TECHNICIAN_NOT_USED = "preferredTechnicianNotUsed";
    public static final String UNFAIR_WORKLOAD = "unfairWorkload";
    public static final String WAITING_TIME = "waitingTime";
    public static final String PUBLISHED_VISIT_CHANGED = "publishedVisitChanged";

    /** Hard score per missing skill: as bad as an hour of lateness. */
    public static final HardMediumSoftScore MISSING_SKILL_WEIGHT = HardMediumSoftScore.ofHard(3_600);
    /** Hard score per demand unit over capacity. */
    public static final HardMediumSoftScore CAPACITY_WEIGHT = HardMediumSoftScore.ofHard(3_600);
    /** Hard score per unreachable leg: as bad as a day of lateness. */
    public static final HardMediumSoftScore UNREACHABLE_WEIGHT = HardMediumSoftScore.ofHard(86_400);
    /** Hard score per member of a visit group left out while others of the group are planned: an hour of lateness. */
    public static final HardMediumSoftScore GROUP_MEMBER_MISSING_WEIGHT = HardMediumSoftScore.ofHard(3_600);
    /** Hard score per pair of a visit group's members with one technician: an hour of lateness. */
    public static final HardMediumSoftScore GROUP_SAME_TECHNICIAN_WEIGHT = HardMediumSoftScore.ofHard(3_600);
    /** Soft score per visit not done by its preferred technician: like 30 minutes of travel. */
    public static final HardMediumSoftScore PREFERRED_TECHNICIAN_WEIGHT = HardMediumSoftScore.ofSoft(1_800);

    /*
     * Shared filters (issue 12, move evaluation speed). Timefold's constraint streams share a filter node between
     * constraints when its parent and its predicate are the same objects, so these predicates are constants: every
     * change of a visit runs the few shared gates instead of each constraint's own filter, and the constraints behind
     * a gate see only the visits that pass it (few: most visits break no rule and are not published).
     * Every visit constraint starts from forEachIncludingUnassigned(Visit) and tests "assigned" in its gate: Timefold
     * then keeps one node (one tuple look-up per visit change) for visits instead of two (forEach is a second node
     * with its own look-up and its own assigned test through the variable descriptor).
     */

    /** A visit that may match one of the rarely matched visit constraints: a broken own rule, a preference, a publication. */
    private static final java.util.function.Predicate<Visit> MAY_NEED_PENALTY = visit -> {
        if (visit.getShift() == null) {
            return false;
        }
        VisitTiming t = visit.getTiming();
        return (t != null && t.breaksVisitRule()) || visit.getPreferredTechnician() != null
                || visit.getPublished() != null;
    };
    /** A planned member of a visit group. */
    private static final java.util.function.Predicate<Visit> IN_GROUP =
            visit -> visit.getGroup() != null && visit.getShift() != null;
    /** A planned visit whose technician waits for its window or zone segment. */
    private static final java.util.function.Predicate<Visit> WAITING =
            visit -> visit.getShift() != null && visit.waitingSeconds() > 0;
    /** A route that breaks one of its own hard rules (latest end, capacity, unreachable leg, break), in one pass. */
    private static final java.util.function.Predicate<Shift> ROUTE_BROKEN = Shift::breaksRouteRule;
    /** A visit in no route. */
    private static final java.util.function.Predicate<Visit> UNASSIGNED = visit -> !visit.isAssigned();

    /**
     * The identity, as a map node after a gate (issue 12): a visit that fails a gate is retracted downstream at every
     * change of the visit, and a filter passes that retract on to every constraint behind it (six behind the first
     * gate, four behind the group gate), each looking for a match that is not there. A map node keeps its own
     * tuples, so it stops the retract of a visit it never saw at one look-up.
     */
    private static final java.util.function.Function<Visit, Visit> SAME_VISIT = visit -> visit;

    private static UniConstraintStream<Visit> visitsThatMayNeedPenalty(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(Visit.class).filter(MAY_NEED_PENALTY).map(SAME_VISIT);
    }

    private static UniConstraintStream<Shift> routesThatBreakARule(ConstraintFactory factory) {
        return factory.forEach(Shift.class).filter(ROUTE_BROKEN);
    }

    private static UniConstraintStream<Visit> groupMembers(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(Visit.class).filter(IN_GROUP).map(SAME_VISIT);
    }

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                missingSkill(factory),
                outsideZoneSchedule(factory),
                serviceStartsAfterWindow(factory),
                routeEndsAfterLatestEnd(factory),
                finishesAfterDeadline(factory),
                capacityExceeded(factory),
                unreachableLeg(factory),
                breakNotInSpan(factory),
                visitGroupPartlyAssigned(factory),
                visitGroupSameTechnician(factory),
                visitGroupStartsApart(factory),
                unassignedVisit(factory),
                travelTime(factory),
                overtime(factory),
                preferredTechnicianNotUsed(factory),
                unfairWorkload(factory),
                waitingTime(factory),
                publishedVisitChanged(factory),
        };
    }

    // ============================================================================================
    // Hard
    // ============================================================================================

    /** A visit's required skill that the technician of its shift lacks; per missing skill. */
    Constraint missingSkill(ConstraintFactory factory) {
        return visitsThatMayNeedPenalty(factory)
                .filter(visit -> missingSkills(visit) > 0)
                .penalize(MISSING_SKILL_WEIGHT, FieldPlanConstraintProvider::missingSkills)
                .justifyWith((visit, score) -> new MissingSkill(visit.getId(), shiftId(visit), visit.missingSkills()))
                .asConstraint(MISSING_SKILL);
    }

    /**
     * A visit served while its shift serves none of the visit's zones: seconds of the service outside the
     * best zone segment (at least 1).
     */
    Constraint outsideZoneSchedule(ConstraintFactory factory) {
        return visitsThatMayNeedPenalty(factory)
                .filter(Visit::isOutsideZoneSchedule)
                .penalize(HardMediumSoftScore.ONE_HARD, visit -> timing(visit).outsideZoneSeconds())
                .justifyWith((visit, score) -> new OutsideZoneSchedule(visit.getId(), shiftId(visit),
                        visit.secondsOutsideZoneSchedule()))
                .asConstraint(OUTSIDE_ZONE_SCHEDULE);
    }

    /** A service that starts after its time window(s) closed: seconds late. */
    Constraint serviceStartsAfterWindow(ConstraintFactory factory) {
        return visitsThatMayNeedPenalty(factory)
                .filter(visit -> visit.secondsLateForWindow() > 0)
                .penalize(HardMediumSoftScore.ONE_HARD, Visit::secondsLateForWindow)
                .justifyWith((visit, score) -> new LateForWindow(visit.getId(), visit.secondsLateForWindow()))
                .asConstraint(SERVICE_STARTS_AFTER_WINDOW);
    }

    /** A route that gets back to its end location after the shift's latest end: seconds too late. */
    Constraint routeEndsAfterLatestEnd(ConstraintFactory factory) {
        return routesThatBreakARule(factory)
                .filter(shift -> shift.secondsAfterLatestEnd() > 0)
                .penalize(HardMediumSoftScore.ONE_HARD, Shift::secondsAfterLatestEnd)
                .justifyWith((shift, score) -> new RouteTooLong(shift.getId(), shift.secondsAfterLatestEnd()))
                .asConstraint(ROUTE_ENDS_AFTER_LATEST_END);
    }

    /** A service that ends after the visit's deadline: seconds too late. */
    Constraint finishesAfterDeadline(ConstraintFactory factory) {
        return visitsThatMayNeedPenalty(factory)
                .filter(visit -> visit.secondsAfterDeadline() > 0)
                .penalize(HardMediumSoftScore.ONE_HARD, Visit::secondsAfterDeadline)
                .justifyWith((visit, score) -> new AfterDeadline(visit.getId(), visit.secondsAfterDeadline()))
                .asConstraint(FINISHES_AFTER_DEADLINE);
    }

    /** A route whose visits' demand exceeds the shift's capacity: per unit over. */
    Constraint capacityExceeded(ConstraintFactory factory) {
        return routesThatBreakARule(factory)
                .filter(shift -> shift.capacityExcess() > 0)
                .penalize(CAPACITY_WEIGHT, Shift::capacityExcess)
                .justifyWith((shift, score) -> new CapacityExceeded(shift.getId(), shift.totalDemand(),
                        shift.getCapacity()))
                .asConstraint(CAPACITY_EXCEEDED);
    }

    /** A leg of a route with no route in the travel matrix ({@code UNREACHABLE}): per leg. */
    Constraint unreachableLeg(ConstraintFactory factory) {
        return routesThatBreakARule(factory)
                .filter(shift -> shift.unreachableLegCount() > 0)
                .penalize(UNREACHABLE_WEIGHT, Shift::unreachableLegCount)
                .justifyWith((shift, score) -> new UnreachableLegs(shift.getId(), shift.unreachableLegCount()))
                .asConstraint(UNREACHABLE_LEG);
    }

    /** A break that the route leaves no room for inside its span: seconds it ends after its latest end. */
    Constraint breakNotInSpan(ConstraintFactory factory) {
        return routesThatBreakARule(factory)
                .filter(shift -> shift.breakLateSeconds() > 0)
                .penalize(HardMediumSoftScore.ONE_HARD, Shift::breakLateSeconds)
                .justifyWith((shift, score) -> new BreakLate(shift.getId(), shift.breakLateSeconds()))
                .asConstraint(BREAK_NOT_IN_SPAN);
    }

    /**
     * A visit group with some members planned and others not (all or none): per member left out. A group with no member
     * planned is not matched (its members are unassigned visits, the medium penalty).
     */
    Constraint visitGroupPartlyAssigned(ConstraintFactory factory) {
        return groupMembers(factory)
                .groupBy(Visit::getGroup, ConstraintCollectors.count())
                .filter((group, planned) -> planned < group.size())
                .penalize(GROUP_MEMBER_MISSING_WEIGHT, (group, planned) -> group.size() - planned)
                .justifyWith((group, planned, score) -> new GroupPartlyAssigned(group.id(), group.size(), planned))
                .asConstraint(VISIT_GROUP_PARTLY_ASSIGNED);
    }

    /** Two members of one visit group with the same technician (a person cannot be two of the team): per pair. */
    Constraint visitGroupSameTechnician(ConstraintFactory factory) {
        return groupMembers(factory)
                .join(groupMembers(factory),
                        Joiners.equal(Visit::getGroup), Joiners.equal(Visit::getTechnician),
                        Joiners.lessThan(Visit::getId))
                .penalize(GROUP_SAME_TECHNICIAN_WEIGHT)
                .justifyWith((a, b, score) -> new GroupSameTechnician(
                        java.util.Objects.requireNonNull(a.getGroup()).id(), a.getId(), b.getId(),
                        a.getTechnician() == null ? "" : a.getTechnician().id()))
                .asConstraint(VISIT_GROUP_SAME_TECHNICIAN);
    }

    /**
     * Members of a visit group that do not start together: seconds between the first and the last start of the
     * planned members. Members wait for the group's start, so this fires only when one arrives after it (which
     * {@code serviceStartsAfterWindow} also reports).
     */
    Constraint visitGroupStartsApart(ConstraintFactory factory) {
        return groupMembers(factory)
                .filter(visit -> visit.getTiming() != null)
                .groupBy(Visit::getGroup, ConstraintCollectors.min(Visit::getStartTime),
                        ConstraintCollectors.max(Visit::getStartTime))
                .filter((group, first, last) -> last > first)
                .penalize(HardMediumSoftScore.ONE_HARD, (group, first, last) -> last - first)
                .justifyWith((group, first, last, score) -> new GroupStartsApart(group.id(), last - first))
                .asConstraint(VISIT_GROUP_STARTS_APART);
    }

    // ============================================================================================
    // Medium
    // ============================================================================================

    /** A visit in no route: its priority. */
    Constraint unassignedVisit(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(Visit.class)
                .filter(UNASSIGNED)
                .penalize(HardMediumSoftScore.ONE_MEDIUM, Visit::getPriority)
                .justifyWith((visit, score) -> new Unassigned(visit.getId(), visit.getPriority()))
                .asConstraint(UNASSIGNED_VISIT);
    }

    // ============================================================================================
    // Soft
    // ============================================================================================

    /** Travel seconds of each route, including the way back to the end location. */
    Constraint travelTime(ConstraintFactory factory) {
        return factory.forEach(Shift.class)
                .filter(shift -> !shift.getVisits().isEmpty())
                .penalize(HardMediumSoftScore.ONE_SOFT, Shift::travelSeconds)
                .justifyWith((shift, score) -> new Travel(shift.getId(), shift.travelSeconds(), shift.travelMetres()))
                .asConstraint(TRAVEL_TIME);
    }

    /** Seconds a route ends after the shift's nominal end. */
    Constraint overtime(ConstraintFactory factory) {
        return factory.forEach(Shift.class)
                .filter(shift -> shift.overtimeSeconds() > 0)
                .penalize(HardMediumSoftScore.ONE_SOFT, Shift::overtimeSeconds)
                .justifyWith((shift, score) -> new Overtime(shift.getId(), shift.overtimeSeconds()))
                .asConstraint(OVERTIME);
    }

    /** A visit with a preferred technician done by someone else: per visit. */
    Constraint preferredTechnicianNotUsed(ConstraintFactory factory) {
        return visitsThatMayNeedPenalty(factory)
                .filter(Visit::isPreferredTechnicianNotUsed)
                .penalize(PREFERRED_TECHNICIAN_WEIGHT)
                .justifyWith((visit, score) -> new PreferredTechnicianNotUsed(visit.getId(), shiftId(visit)))
                .asConstraint(PREFERRED_TECHNICIAN_NOT_USED);
    }

    /**
     * Uneven work between the shifts of one day: minutes of absolute deviation from the day's mean work
     * ({@link Shift#workloadDeviationMinutes}).
     */
    Constraint unfairWorkload(ConstraintFactory factory) {
        // each shift's work is read once when it changes; the day's deviation is then O(shifts of the day)
        return factory.forEach(Shift.class)
                .groupBy(Shift::getDay, ConstraintCollectors.toList(Shift::workSeconds))
                .penalize(HardMediumSoftScore.ONE_SOFT, (day, work) -> Shift.deviationMinutes(work))
                .justifyWith((day, work, score) -> new UnfairWorkload(day, Shift.deviationMinutes(work)))
                .asConstraint(UNFAIR_WORKLOAD);
    }

    /** Seconds a technician waits at a visit for its window or zone segment to open. */
    Constraint waitingTime(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(Visit.class)
                .filter(WAITING)
                .penalize(HardMediumSoftScore.ONE_SOFT, Visit::waitingSeconds)
                .justifyWith((visit, score) -> new Waiting(visit.getId(), visit.waitingSeconds()))
                .asConstraint(WAITING_TIME);
    }

    /**
     * Minimal change: a published visit moved to another technician ({@link
     * org.fieldplan.engine.domain.PublishedPlacement#REASSIGNMENT_SECONDS}) or starting outside the window promised to
     * its customer (seconds outside); see {@link Visit#publishedChangeSeconds()}. Fires only for visits with a published
     * placement, so plans never published are not affected; the weight ({@link ConstraintWeights#minimalChange}) says
     * how many travel seconds one second of change is worth.
     */
    Constraint publishedVisitChanged(ConstraintFactory factory) {
        return visitsThatMayNeedPenalty(factory)
                .filter(visit -> visit.getPublished() != null && visit.publishedChangeSeconds() > 0)
                .penalize(HardMediumSoftScore.ONE_SOFT, Visit::publishedChangeSeconds)
                .justifyWith((visit, score) -> new PublishedVisitChanged(visit.getId(),
                        visit.getPublished() == null ? "" : visit.getPublished().technicianId(),
                        visit.getShift() == null ? "" : visit.getShift().getTechnician().id(),
                        visit.secondsOutsidePromise()))
                .asConstraint(PUBLISHED_VISIT_CHANGED);
    }

    /** Skills the visit's technician lacks, as computed with its timing (0 when unassigned). */
    private static int missingSkills(Visit visit) {
        VisitTiming t = visit.getTiming();
        return visit.getShift() == null || t == null ? 0 : t.missingSkills();
    }

    private static VisitTiming timing(Visit visit) {
        return java.util.Objects.requireNonNull(visit.getTiming());
    }

    private static String shiftId(Visit visit) {
        Shift shift = visit.getShift();
        return shift == null ? "" : shift.getId();
    }

    // ============================================================================================
    // Justifications
    // ============================================================================================

    public record MissingSkill(String visitId, String shiftId, Set<Skill> missing) implements ConstraintJustification {
    }

    public record OutsideZoneSchedule(String visitId, String shiftId, long secondsOutside)
            implements ConstraintJustification {
    }

    public record LateForWindow(String visitId, long secondsLate) implements ConstraintJustification {
    }

    public record RouteTooLong(String shiftId, long secondsAfterLatestEnd) implements ConstraintJustification {
    }

    public record AfterDeadline(String visitId, long secondsAfterDeadline) implements ConstraintJustification {
    }

    public record CapacityExceeded(String shiftId, int demand, int capacity) implements ConstraintJustification {
    }

    public record UnreachableLegs(String shiftId, int legs) implements ConstraintJustification {
    }

    public record BreakLate(String shiftId, long secondsLate) implements ConstraintJustification {
    }

    public record GroupPartlyAssigned(String groupId, int size, long planned) implements ConstraintJustification {
    }

    public record GroupSameTechnician(String groupId, String visitId, String otherVisitId, String technicianId)
            implements ConstraintJustification {
    }

    public record GroupStartsApart(String groupId, long seconds) implements ConstraintJustification {
    }

    public record Unassigned(String visitId, int priority) implements ConstraintJustification {
    }

    public record Travel(String shiftId, long seconds, long metres) implements ConstraintJustification {
    }

    public record Overtime(String shiftId, long seconds) implements ConstraintJustification {
    }

    public record PreferredTechnicianNotUsed(String visitId, String shiftId) implements ConstraintJustification {
    }

    public record UnfairWorkload(LocalDate day, long deviationMinutes) implements ConstraintJustification {
    }

    public record Waiting(String visitId, long seconds) implements ConstraintJustification {
    }

    public record PublishedVisitChanged(String visitId, String publishedTechnicianId, String technicianId,
            long secondsOutsidePromise) implements ConstraintJustification {
    }

    /** All constraint ids, hard first. */
    public static final List<String> ALL = List.of(MISSING_SKILL, OUTSIDE_ZONE_SCHEDULE, SERVICE_STARTS_AFTER_WINDOW,
            ROUTE_ENDS_AFTER_LATEST_END, FINISHES_AFTER_DEADLINE, CAPACITY_EXCEEDED, UNREACHABLE_LEG, BREAK_NOT_IN_SPAN,
            VISIT_GROUP_PARTLY_ASSIGNED, VISIT_GROUP_SAME_TECHNICIAN, VISIT_GROUP_STARTS_APART,
            UNASSIGNED_VISIT,
            TRAVEL_TIME, OVERTIME, PREFERRED_TECHNICIAN_NOT_USED, UNFAIR_WORKLOAD, WAITING_TIME,
            PUBLISHED_VISIT_CHANGED);
}
