package org.fieldplan.engine.replan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.PublishedPlacement;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.ConstraintWeights;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;

/**
 * Builds the problem of a replan from a published plan: {@link #publish} stamps each routed visit with its
 * technician, start and promised window; {@link #from} turns the plan at a moment {@code now} into a new problem.
 */
public final class Replanning {

    /** A visit with no window may start any time from now until this long after it (a month). */
    static final long OPEN_END = 30 * 86_400L;

    private Replanning() {
    }

    /**
     * Records every routed visit's current technician and start as its published placement, with a promised window
     * from {@code promiseBefore} seconds before to {@code promiseAfter} seconds after the start. The plan must have
     * times (solved or {@link org.fieldplan.engine.solver.PlanSolver#score scored}).
     */
    public static void publish(FieldPlan plan, long promiseBefore, long promiseAfter) {
        for (Shift shift : plan.getShifts()) {
            for (Visit visit : shift.getVisits()) {
                if (visit.getTiming() == null) {
                    throw new IllegalStateException("The visit (" + visit.getId() + ") in shift (" + shift.getId()
                            + ") has no times; score or solve the plan before publishing it.");
                }
                visit.setPublished(PublishedPlacement.around(shift.getTechnician().id(), visit.getStartTime(),
                        promiseBefore, promiseAfter));
            }
        }
    }

    /**
     * The problem of a replan at {@code now} (seconds since the plan's origin), as new objects (the plan is not
     * changed):
     * <ul>
     * <li>a visit that started before {@code now} is done or under way: pinned in its route (with the pins there
     * were), or dropped when its technician is absent;</li>
     * <li>an absent technician's shift is dropped and its other visits are unassigned, to be placed elsewhere;</li>
     * <li>every visit not pinned may start from {@code now} on: its windows are cut at {@code now} (a visit whose
     * windows all closed keeps them and can only stay unassigned);</li>
     * <li>{@code newVisits} (urgent requests, their locations in the plan's matrix) join unassigned.</li>
     * </ul>
     * Published placements and the plan's constraint weights carry over, so {@code publishedVisitChanged} keeps the
     * rest of the day as it was published unless a change pays.
     */
    public static FieldPlan from(FieldPlan plan, long now, Set<String> absentTechnicianIds, List<Visit> newVisits) {
        Map<String, Visit> copies = new HashMap<>();
        List<Shift> shifts = new ArrayList<>();
        Set<String> dropped = new HashSet<>();
        for (Shift shift : plan.getShifts()) {
            boolean absent = absentTechnicianIds.contains(shift.getTechnician().id());
            List<Visit> route = shift.getVisits();
            int started = 0;
            while (started < route.size() && (route.get(started).getStartTime() < now || started < shift.getPinnedVisitCount())) {
                started++;
            }
            if (absent) {
                for (int i = 0; i < started; i++) {
                    dropped.add(route.get(i).getId());
                }
                continue;
            }
            Shift copy = shift.copyWith(shift.getTechnician(), shift.getStartLocation(), shift.getEndLocation());
            List<Visit> newRoute = new ArrayList<>();
            for (int i = 0; i < route.size(); i++) {
                Visit v = route.get(i);
                Visit c = i < started ? v.copyWith(v.getLocation(), v.getTimeWindows()) : fromNow(v, now);
                copies.put(v.getId(), c);
                newRoute.add(c);
            }
            copy.getVisits().addAll(newRoute);
            copy.pinVisits(started);
            shifts.add(copy);
        }
        List<Visit> visits = new ArrayList<>();
        for (Visit v : plan.getVisits()) {
            if (dropped.contains(v.getId())) {
                continue;
            }
            visits.add(copies.computeIfAbsent(v.getId(), id -> fromNow(v, now)));
        }
        for (Visit v : newVisits) {
            visits.add(fromNow(v, now));
        }
        // a visit group whose member on an absent technician's route had already started (dropped as done): the others
        // stay lone visits at the group's start, to be done without that person's part
        Map<String, Integer> members = new HashMap<>();
        for (Visit v : visits) {
            if (v.getGroup() != null) {
                members.merge(v.getGroup().id(), 1, Integer::sum);
            }
        }
        for (Visit v : visits) {
            if (v.getGroup() != null && members.get(v.getGroup().id()) < v.getGroup().size()) {
                v.leaveGroup();
            }
        }
        FieldPlan problem = new FieldPlan(plan.getOrigin(), plan.getTechnicians(), plan.getZones(), shifts, visits,
                plan.getTravelMatrix());
        problem.setConstraintWeightOverrides(plan.getConstraintWeightOverrides());
        return problem;
    }

    /**
     * Solves a replan problem ({@link #from}) in one solve with the replan's phases
     * ({@link org.fieldplan.engine.solver.SolverConfigs#replanSolverConfig}): a fast ruin-and-recreate that places
     * unassigned visits first and charges a moved or re-timed published visit what the minimal-change rule would, the
     * ejection pass for the visits still left out, then Timefold's local search by the full score; when visits are
     * still left out after it, the ejection pass once more on the best plan
     * ({@link org.fieldplan.engine.solver.SolverConfigs#replanEjectionSolverConfig}).
     */
    public static FieldPlan replan(FieldPlan problem, SolverSettings settings, ProgressListener listener) {
        FieldPlan solved = new PlanSolver().solveWithStatistics(problem,
                org.fieldplan.engine.solver.SolverConfigs.replanSolverConfig(settings), listener).plan();
        if (solved.getScore() != null && solved.getScore().hardScore() == 0 && solved.unassignedCount() > 0) {
            // the solve ends inside its local search; the ejection pass then has a last go at the visits left out
            solved = new PlanSolver().solveWithStatistics(solved,
                    org.fieldplan.engine.solver.SolverConfigs.replanEjectionSolverConfig(settings), listener).plan();
        }
        return solved;
    }

    /**
     * Solves a replan problem ({@link #from}) so that a visit is not left out for want of a long enough chain of moves:
     * <ol>
     * <li>half the time: one solve with the problem's weights (the minimal-change rule as set);</li>
     * <li>a sixth: the same problem without the minimal-change rule (weight 0): the search may move any visit for
     * free, so chains of moves that make room for a visit left out are found (each move of a published visit costs an
     * hour under the rule, and the local search seldom accepts the first, worse, step of such a chain);</li>
     * <li>the last third: from that plan, with the problem's weights: unassigned visits are the medium level, so the
     * count cannot get worse, and the rule takes back the changes the placed visits do not need (the longer round:
     * with a quarter it still moved 14.6% of the others, bench row 19:03).</li>
     * </ol>
     * The better of 1 and 3 by the problem's score: fewer visits left out first, then fewer changes (so the answer is
     * never worse than the one-round solve with half the time).
     */
    public static FieldPlan solve(FieldPlan problem, SolverSettings settings, ProgressListener listener) {
        // whole milliseconds: Timefold refuses a time limit with nanoseconds (2 s / 6)
        long millis = settings.timeLimit().toMillis();
        java.time.Duration half = java.time.Duration.ofMillis(millis / 2);
        java.time.Duration sixth = java.time.Duration.ofMillis(millis / 6);
        if (sixth.isZero()) {
            return new PlanSolver().solve(problem, settings, listener);
        }
        var weights = problem.getConstraintWeightOverrides();
        java.time.Duration unimproved = settings.unimprovedTimeLimit();
        FieldPlan kept = new PlanSolver().solve(problem, part(settings, half, unimproved, 2), listener);
        FieldPlan free = new FieldPlan(problem.getOrigin(), problem.getTechnicians(), problem.getZones(),
                problem.getShifts(), problem.getVisits(), problem.getTravelMatrix());
        free.setConstraintWeightOverrides(ConstraintWeights.withMinimalChange(weights, 0));
        FieldPlan placed = new PlanSolver().solve(free, part(settings, sixth, unimproved, 6), listener);
        placed.setConstraintWeightOverrides(weights);
        FieldPlan settled = new PlanSolver().solve(placed,
                part(settings, java.time.Duration.ofMillis(millis).minus(half).minus(sixth), unimproved, 3), listener);
        return settled.getScore() != null && kept.getScore() != null && settled.getScore().compareTo(kept.getScore()) > 0
                ? settled : kept;
    }

    /**
     * A round's settings: its share of the time, and the whole unimproved limit (a round stopped after a fraction of it
     * left more out: bench row 18:57, 11 against a one-round solve's 10).
     */
    private static SolverSettings part(SolverSettings settings, java.time.Duration limit,
            java.time.@org.jspecify.annotations.Nullable Duration unimproved, int share) {
        return new SolverSettings(limit, unimproved, settings.randomSeed(), settings.fullAssert());
    }

    /** A copy that may start from {@code now} on (windows cut at now), or with its windows when they all closed. */
    static Visit fromNow(Visit v, long now) {
        List<TimeWindow> windows = new ArrayList<>();
        if (v.getTimeWindows().isEmpty()) {
            long end = v.hasDeadline() ? Math.max(now, v.getDeadline() - v.getServiceDuration()) : now + OPEN_END;
            windows.add(new TimeWindow(now, end));
        } else {
            for (TimeWindow w : v.getTimeWindows()) {
                if (w.end() >= now) {
                    windows.add(new TimeWindow(Math.max(now, w.start()), w.end()));
                }
            }
            if (windows.isEmpty()) {
                windows = v.getTimeWindows();
            }
        }
        return v.copyWith(v.getLocation(), windows);
    }

    /** Whether the visit may still start at or after {@code now} (some window is still open then). */
    public static boolean stillOpen(Visit v, long now) {
        if (v.getTimeWindows().isEmpty()) {
            return !v.hasDeadline() || v.getDeadline() - v.getServiceDuration() >= now;
        }
        for (TimeWindow w : v.getTimeWindows()) {
            if (w.end() >= now) {
                return true;
            }
        }
        return false;
    }
}
