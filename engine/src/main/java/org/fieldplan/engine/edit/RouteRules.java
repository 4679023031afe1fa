package org.fieldplan.engine.edit;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fieldplan.engine.domain.RouteEnd;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitGroup;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.domain.ZoneSegment;

/**
 * The hard rules of one route in plain words naming the technician, the visit and the clock time, from the domain
 * predicates the solver's hard constraints use (skills, zone schedule, promised window, deadline, capacity, the
 * shift's latest end, roads, the lunch break). The route must be timed ({@link RouteEditor#retime} or a scored plan).
 */
public final class RouteRules {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    private RouteRules() {
    }

    /** Whether the route breaks no hard rule. */
    public static boolean isFeasible(Shift shift) {
        for (Visit v : shift.getVisits()) {
            if (v.getTiming() == null || v.missingSkillCount() > 0 || v.secondsOutsideZoneSchedule() > 0
                    || v.secondsLateForWindow() > 0 || v.secondsAfterDeadline() > 0 || v.isUnreachableFromPrevious()) {
                return false;
            }
        }
        return shift.secondsAfterLatestEnd() == 0 && shift.unreachableLegCount() == 0 && shift.breakLateSeconds() == 0
                && shift.capacityExcess() == 0;
    }

    /**
     * The hard rules the route of {@code shift} breaks, one sentence each (empty when none); clock times are read
     * from {@code origin}, the plan's origin.
     */
    public static List<String> violations(Shift shift, LocalDateTime origin) {
        List<String> out = new ArrayList<>();
        String who = shift.getTechnician().name();
        for (Visit v : shift.getVisits()) {
            VisitTiming t = v.getTiming();
            if (t == null) {
                continue;
            }
            String what = v.getLabel();
            if (v.missingSkillCount() > 0) {
                out.add(who + " lacks skill " + v.missingSkills().stream().map(s -> s.code()).sorted().toList() + " for " + what);
            }
            if (v.secondsOutsideZoneSchedule() > 0) {
                out.add(what + " at " + hm(origin, t.start()) + " is outside " + who + "'s zone schedule ("
                        + segments(shift, origin) + ")");
            }
            if (v.secondsLateForWindow() > 0) {
                out.add(what + ": " + who + " arrives " + hm(origin, t.arrival()) + ", after the promised window "
                        + hm(origin, v.getTimeWindows().get(0).start()) + "–"
                        + hm(origin, v.getTimeWindows().get(v.getTimeWindows().size() - 1).end()));
            }
            if (v.secondsAfterDeadline() > 0) {
                out.add(what + " ends " + hm(origin, t.departure()) + ", after its deadline");
            }
        }
        if (shift.secondsAfterLatestEnd() > 0) {
            RouteEnd end = shift.routeEnd();
            out.add(who + "'s route ends " + hm(origin, end.end()) + ", after the shift's end " + hm(origin, shift.getLatestEnd()));
        }
        if (shift.unreachableLegCount() > 0) {
            out.add(who + "'s route has a leg no road connects");
        }
        if (shift.breakLateSeconds() > 0) {
            out.add(who + " gets no lunch break in time");
        }
        if (shift.capacityExcess() > 0) {
            out.add(who + "'s route carries " + shift.totalDemand() + ", over the capacity " + shift.getCapacity());
        }
        return out;
    }

    /**
     * The rules of the visit group (work for several technicians) that {@code visit} belongs to, broken by the
     * current placement of its members among {@code visits} (the plan's visits), one sentence each naming the rule
     * (empty for an ordinary visit or when none is broken): each member with another technician
     * ({@code visitGroupSameTechnician}), all members planned or none ({@code visitGroupPartlyAssigned}), every
     * member starting at the common start ({@code visitGroupStartsApart}). Timed routes, as for
     * {@link #violations}.
     */
    public static List<String> groupViolations(Visit visit, Collection<Visit> visits, LocalDateTime origin) {
        VisitGroup group = visit.getGroup();
        if (group == null) {
            return List.of();
        }
        List<Visit> members = visits.stream().filter(v -> v.getGroup() != null && v.getGroup().id().equals(group.id())).toList();
        List<String> out = new ArrayList<>();
        String what = visit.getLabel();
        Map<Technician, Integer> perTechnician = new LinkedHashMap<>();
        int planned = 0;
        for (Visit m : members) {
            Technician t = m.getTechnician();
            if (t != null) {
                planned++;
                perTechnician.merge(t, 1, Integer::sum);
            }
        }
        perTechnician.forEach((t, n) -> {
            if (n > 1) {
                out.add(what + ": " + t.name() + " would be " + n + " of the team of " + group.size()
                        + " (team rule: each member of a team visit needs a different technician)");
            }
        });
        if (planned > 0 && planned < group.size()) {
            out.add(what + ": " + planned + " of the team of " + group.size()
                    + " would be planned (team rule: a team visit is planned for all its members or none)");
        }
        for (Visit m : members) {
            VisitTiming t = m.getTiming();
            if (m.getTechnician() != null && t != null && t.start() != group.start()) {
                out.add(what + ": " + m.getTechnician().name() + " starts " + hm(origin, t.start())
                        + ", not with the team at " + hm(origin, group.start())
                        + " (team rule: every member starts at the common start)");
            }
        }
        return out;
    }

    /** The shift's zone segments as "Zone 08:00–12:00, ...". */
    public static String segments(Shift shift, LocalDateTime origin) {
        List<String> parts = new ArrayList<>();
        for (ZoneSegment z : shift.getZoneSegments()) {
            parts.add(z.zone().name() + " " + hm(origin, z.start()) + "–" + hm(origin, z.end()));
        }
        return String.join(", ", parts);
    }

    private static String hm(LocalDateTime origin, long seconds) {
        return origin.plusSeconds(seconds).format(HM);
    }
}
