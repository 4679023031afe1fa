package org.fieldplan.engine.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.ZoneSegment;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * Checks a solved plan against the problem's rules from the raw inputs (matrix, windows, segments, skills,
 * deadlines, breaks, capacity), WITHOUT the engine's timing code: it only reads each visit's service start
 * and checks that a real schedule with those starts exists. Returns every violation found, in words.
 */
public final class IndependentChecker {

    private IndependentChecker() {
    }

    public static List<String> violations(FieldPlan plan) {
        List<String> out = new ArrayList<>();
        TravelMatrix m = plan.getTravelMatrix();
        Set<Visit> seen = new HashSet<>();
        for (Shift shift : plan.getShifts()) {
            long t = shift.getStartTime();
            Location at = shift.getStartLocation();
            List<ShiftBreak> pending = new ArrayList<>(shift.getBreaks());
            int demand = 0;
            for (Visit v : shift.getVisits()) {
                if (!seen.add(v)) {
                    out.add(v.getId() + " is in two routes");
                }
                demand += v.getDemand();
                if (!m.reachable(at.index(), v.getLocation().index())) {
                    out.add(v.getId() + ": unreachable from the previous stop");
                }
                int travel = Math.max(0, m.seconds(at.index(), v.getLocation().index()));
                long start = v.getStartTime();
                if (start < t + travel) {
                    out.add(v.getId() + ": starts at " + start + " before it can arrive (" + (t + travel) + ")");
                }
                // place pending breaks in this leg's idle time: before travelling or after arriving
                while (!pending.isEmpty() && fitsInLeg(pending.get(0), t, travel, start)) {
                    long earliestBreakEnd = placeInLeg(pending.get(0), t, travel, start);
                    t = earliestBreakEnd; // further breaks go after this one
                    pending.remove(0);
                }
                if (!v.getTimeWindows().isEmpty()
                        && v.getTimeWindows().stream().noneMatch(w -> w.start() <= start && start <= w.end())) {
                    out.add(v.getId() + ": starts at " + start + " outside its windows " + describe(v.getTimeWindows()));
                }
                long end = start + v.getServiceDuration();
                if (!v.getZones().isEmpty() && !shift.getZoneSegments().isEmpty()) {
                    boolean inside = false;
                    for (ZoneSegment z : shift.getZoneSegments()) {
                        if (v.getZones().contains(z.zone()) && z.start() <= start && end <= z.end()) {
                            inside = true;
                        }
                    }
                    if (!inside) {
                        out.add(v.getId() + ": served " + start + ".." + end + " outside the shift's segments of its zones");
                    }
                }
                if (!shift.getTechnician().skills().containsAll(v.getRequiredSkills())) {
                    out.add(v.getId() + ": technician " + shift.getTechnician().id() + " lacks " + v.getRequiredSkills());
                }
                if (v.hasDeadline() && end > v.getDeadline()) {
                    out.add(v.getId() + ": ends at " + end + " after its deadline " + v.getDeadline());
                }
                t = end;
                at = v.getLocation();
            }
            if (!shift.getVisits().isEmpty()) {
                int back = Math.max(0, m.seconds(at.index(), shift.getEndLocation().index()));
                long home = t + back;
                for (ShiftBreak b : pending) {
                    if (b.earliestStart() < home) { // still at work when the break opens: it must be taken
                        long bs = Math.max(t, b.earliestStart());
                        if (bs + b.duration() > b.latestEnd()) {
                            out.add(shift.getId() + ": break " + b + " cannot be taken in its span");
                        }
                        t = bs + b.duration();
                        home = t + back;
                    }
                }
                if (home > shift.getLatestEnd()) {
                    out.add(shift.getId() + ": back at " + home + " after its latest end " + shift.getLatestEnd());
                }
            }
            if (shift.getCapacity() >= 0 && demand > shift.getCapacity()) {
                out.add(shift.getId() + ": demand " + demand + " over capacity " + shift.getCapacity());
            }
        }
        // visit groups: all members or none, each with another technician, one start
        java.util.Map<String, List<Visit>> groups = new java.util.HashMap<>();
        java.util.Map<Visit, Shift> shiftOf = new java.util.HashMap<>();
        for (Shift shift : plan.getShifts()) {
            for (Visit v : shift.getVisits()) {
                shiftOf.put(v, shift);
            }
        }
        for (Visit v : plan.getVisits()) {
            if (v.getGroup() != null) {
                groups.computeIfAbsent(v.getGroup().id(), k -> new ArrayList<>()).add(v);
            }
        }
        for (var e : groups.entrySet()) {
            List<Visit> planned = e.getValue().stream().filter(shiftOf::containsKey).toList();
            if (!planned.isEmpty() && planned.size() != e.getValue().size()) {
                out.add("group " + e.getKey() + ": " + planned.size() + " of " + e.getValue().size() + " members planned");
            }
            Set<String> technicians = new HashSet<>();
            Set<Long> starts = new HashSet<>();
            for (Visit v : planned) {
                if (!technicians.add(shiftOf.get(v).getTechnician().id())) {
                    out.add("group " + e.getKey() + ": technician " + shiftOf.get(v).getTechnician().id() + " twice");
                }
                starts.add(v.getStartTime());
            }
            if (starts.size() > 1) {
                out.add("group " + e.getKey() + ": members start at " + starts);
            }
        }
        return out;
    }

    /** Total travel seconds of all routes (with the way back), straight from the matrix. */
    public static long travelSeconds(FieldPlan plan) {
        TravelMatrix m = plan.getTravelMatrix();
        long sum = 0;
        for (Shift shift : plan.getShifts()) {
            if (shift.getVisits().isEmpty()) {
                continue;
            }
            int at = shift.getStartLocation().index();
            for (Visit v : shift.getVisits()) {
                sum += Math.max(0, m.seconds(at, v.getLocation().index()));
                at = v.getLocation().index();
            }
            sum += Math.max(0, m.seconds(at, shift.getEndLocation().index()));
        }
        return sum;
    }

    private static boolean fitsInLeg(ShiftBreak b, long departure, int travel, long start) {
        return placeInLeg(b, departure, travel, start) >= 0;
    }

    /** The end of the break when placed in the leg (before travel if possible, else after), or -1. */
    private static long placeInLeg(ShiftBreak b, long departure, int travel, long start) {
        long before = Math.max(departure, b.earliestStart());
        if (before + b.duration() <= b.latestEnd() && before + b.duration() + travel <= start) {
            return before + b.duration();
        }
        long after = Math.max(departure + travel, b.earliestStart());
        if (after + b.duration() <= b.latestEnd() && after + b.duration() <= start) {
            return after + b.duration();
        }
        return -1;
    }

    private static String describe(List<TimeWindow> windows) {
        return windows.toString();
    }
}
