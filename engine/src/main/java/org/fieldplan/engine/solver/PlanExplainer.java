package org.fieldplan.engine.solver;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.RouteClock;
import org.fieldplan.engine.domain.RouteEnd;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.domain.ZoneSegment;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * Explains a plan in plain words, from the same domain checks the constraints use (Timefold's score
 * analysis is not in the community edition). For an unassigned visit it narrows the shifts step by step
 * (deadline, skills, zones, time, roads, capacity, room in the route) and reports the step that left none;
 * for an assigned one it gives arrival, start, end and the travel from the previous stop. Times are printed
 * as dates and clock times from the plan's origin.
 */
public final class PlanExplainer {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final FieldPlan plan;

    /** @param plan a solved or scored plan; if its times are missing it is scored first */
    public PlanExplainer(FieldPlan plan) {
        this.plan = plan;
        boolean missingTimes = plan.getShifts().stream().flatMap(s -> s.getVisits().stream())
                .anyMatch(v -> v.getTiming() == null);
        if (missingTimes || plan.getScore() == null) {
            PlanSolver.score(plan);
        }
    }

    /** Every visit, in the plan's order. */
    public List<VisitExplanation> explainAll() {
        return plan.getVisits().stream().map(this::explain).toList();
    }

    public VisitExplanation explain(Visit visit) {
        Shift shift = visit.getShift();
        VisitTiming timing = visit.getTiming();
        if (shift == null || timing == null) {
            List<String> reasons = whyUnassigned(visit);
            String text = name(visit) + " is unassigned: " + String.join("; ", reasons) + ".";
            return new VisitExplanation(visit.getId(), visit.getLabel(), null, null, null, null, null, 0, 0, reasons,
                    text);
        }
        Visit previous = visit.getPreviousVisit();
        String from = previous == null ? "the start of the shift" : name(previous);
        StringBuilder text = new StringBuilder();
        text.append(name(visit)).append(": shift ").append(shift.getId()).append(" (")
                .append(shift.getTechnician().name()).append(") on ").append(date(timing.start()))
                .append(": arrive ").append(time(timing.arrival()));
        if (timing.breakSeconds() > 0) {
            text.append(" (with a ").append(minutes(timing.breakSeconds())).append(" break on the way)");
        }
        text.append(", start ").append(time(timing.start()));
        if (timing.waitingSeconds() > 0) {
            text.append(" (waits ").append(minutes(timing.waitingSeconds())).append(")");
        }
        text.append(", end ").append(time(timing.departure())).append("; ");
        if (!timing.reachable()) {
            text.append("NO ROAD from ").append(from);
        } else {
            text.append(minutes(timing.travelSeconds())).append(" / ").append(km(timing.travelMetres()))
                    .append(" from ").append(from);
        }
        text.append('.');
        List<String> problems = problemsOf(visit, shift);
        if (!problems.isEmpty()) {
            text.append(" Problem: ").append(String.join("; ", problems)).append('.');
        }
        return new VisitExplanation(visit.getId(), visit.getLabel(), shift.getId(), at(timing.arrival()),
                at(timing.start()), at(timing.departure()), from, timing.travelSeconds(), timing.travelMetres(),
                List.of(), text.toString());
    }

    /** The rules an assigned visit breaks where it is, in words (empty when none). */
    public List<String> problemsOf(Visit visit, Shift shift) {
        List<String> problems = new ArrayList<>();
        if (visit.isMissingSkill()) {
            problems.add("the technician lacks " + skillWords(visit.missingSkills()));
        }
        if (visit.isOutsideZoneSchedule()) {
            problems.add("served outside the shift's time in " + zoneWords(visit.getZones()));
        }
        if (visit.secondsLateForWindow() > 0) {
            problems.add("starts " + minutes(visit.secondsLateForWindow()) + " after its window");
        }
        if (visit.secondsAfterDeadline() > 0) {
            problems.add("ends " + minutes(visit.secondsAfterDeadline()) + " after its deadline ("
                    + dateTime(visit.getDeadline()) + ")");
        }
        if (visit.isUnreachableFromPrevious()) {
            problems.add("no road leads here from the previous stop");
        }
        return problems;
    }

    /** Why a visit is in no route: one or more plain sentences (empty when it is assigned). */
    public List<String> whyUnassigned(Visit visit) {
        if (visit.isAssigned()) {
            return List.of();
        }
        List<Shift> all = plan.getShifts();
        if (all.isEmpty()) {
            return List.of("the plan has no shifts");
        }
        TravelMatrix matrix = plan.getTravelMatrix();
        int here = visit.getLocation().index();

        // 1. deadline
        List<Shift> beforeDeadline = all.stream()
                .filter(s -> !visit.hasDeadline()
                        || s.getStartTime() + travel(matrix, s.getStartLocation().index(), here)
                        + visit.getServiceDuration() <= visit.getDeadline())
                .toList();
        if (beforeDeadline.isEmpty()) {
            return List.of("no shift starts early enough to finish it by its deadline ("
                    + dateTime(visit.getDeadline()) + ")");
        }
        String period = visit.hasDeadline() ? " on or before the deadline (" + date(visit.getDeadline()) + ")" : "";

        // 2. skills
        List<Shift> skilled = beforeDeadline.stream()
                .filter(s -> s.getTechnician().skills().containsAll(visit.getRequiredSkills())).toList();
        if (skilled.isEmpty()) {
            Set<Skill> nobodyHas = new LinkedHashSet<>(sorted(visit.getRequiredSkills()));
            beforeDeadline.forEach(s -> nobodyHas.removeAll(s.getTechnician().skills()));
            if (!nobodyHas.isEmpty()) {
                return List.of("no shift" + period + " has " + skillWords(nobodyHas));
            }
            return List.of("no technician on a shift" + period + " has all of the " + skillWords(visit.getRequiredSkills())
                    + " together");
        }
        String skillPhrase = visit.getRequiredSkills().isEmpty() ? "" : " with " + skillWords(visit.getRequiredSkills());

        // 3. zones
        List<Shift> inZone = skilled.stream()
                .filter(s -> !visit.isZoneRestrictedIn(s) || visit.getZones().stream().anyMatch(s::serves)).toList();
        if (inZone.isEmpty()) {
            String zones = zoneWords(visit.getZones());
            boolean anyServes = all.stream().anyMatch(s -> visit.getZones().stream().anyMatch(s::serves));
            if (!anyServes) {
                return List.of("no shift serves " + zones);
            }
            return List.of("no shift" + skillPhrase + period + " serves " + zones);
        }

        // 4. time: windows, zone segments, shift start and latest end, deadline
        List<Shift> inTime = inZone.stream().filter(s -> hasTimeFor(visit, s)).toList();
        if (inTime.isEmpty()) {
            return List.of(timeReason(visit, inZone, skillPhrase, period));
        }

        // 5. roads
        List<Shift> reachable = inTime.stream()
                .filter(s -> matrix.reachable(s.getStartLocation().index(), here)
                        && matrix.reachable(here, s.getEndLocation().index()))
                .toList();
        if (reachable.isEmpty()) {
            return List.of("no road leads to its location from the start (or back to the end) of any shift that has time"
                    + " for it (" + ids(inTime) + ")");
        }

        // 6. capacity
        List<Shift> withRoom = reachable.stream()
                .filter(s -> !s.hasCapacityLimit() || s.totalDemand() + visit.getDemand() <= s.getCapacity()).toList();
        if (withRoom.isEmpty()) {
            String detail = reachable.stream()
                    .map(s -> s.getId() + ": " + s.totalDemand() + " of " + s.getCapacity() + " used")
                    .collect(Collectors.joining(", "));
            return List.of("it would exceed the capacity of every shift that could serve it (" + detail
                    + "; this visit needs " + visit.getDemand() + ")");
        }

        // 7. a visit group: enough people free together at its start
        if (visit.getGroup() != null) {
            return List.of(groupReason(visit));
        }

        // 8. room in the routes as they are
        Insertion best = null;
        for (Shift s : withRoom) {
            for (int i = s.getPinnedVisitCount(); i <= s.getVisits().size(); i++) {
                Insertion candidate = simulate(s, i, visit);
                if (best == null || candidate.compareTo(best) < 0) {
                    best = candidate;
                }
            }
        }
        if (best != null && best.problems.isEmpty()) {
            return List.of("it fits into shift " + best.shift.getId() + " " + positionWords(best.shift, best.index)
                    + " without breaking any rule; the solver has not placed it yet (solve longer)");
        }
        return List.of("every shift that could serve it (" + ids(withRoom) + ") is full: inserting it anywhere"
                + " breaks a rule, at best in shift " + best.shift.getId() + " " + positionWords(best.shift, best.index)
                + ", where " + best.problems.get(0));
    }

    /**
     * Whether a team for a visit group can be formed from the routes as they are: {@code size} technicians starting
     * together at {@code start}; {@code able} the technicians (ids, sorted) who could take some member then without
     * breaking a rule; {@code team} the team found (each member on another of them, the members with the fewest such
     * technicians choosing first), complete or not.
     */
    public record TeamAnswer(int size, long start, List<Technician> able, List<Technician> team) {
        public boolean possible() {
            return team.size() == size;
        }
    }

    /** {@link TeamAnswer} for the group of {@code visit} (a member of a visit group). */
    public TeamAnswer teamAnswer(Visit visit) {
        org.fieldplan.engine.domain.VisitGroup group = java.util.Objects.requireNonNull(visit.getGroup(),
                () -> "visit " + visit.getId() + " is in no visit group");
        List<Visit> members = plan.getVisits().stream().filter(v -> group.equals(v.getGroup())).toList();
        java.util.Map<Visit, Set<String>> able = new java.util.LinkedHashMap<>();
        java.util.Map<String, Technician> byId = new java.util.TreeMap<>();
        for (Visit member : members) {
            Set<String> technicians = new java.util.TreeSet<>();
            for (Shift s : plan.getShifts()) {
                if (member.isMissingSkillIn(s) || technicians.contains(s.getTechnician().id())) {
                    continue;
                }
                for (int i = s.getPinnedVisitCount(); i <= s.getVisits().size(); i++) {
                    if (simulate(s, i, member).problems.isEmpty()) {
                        technicians.add(s.getTechnician().id());
                        byId.put(s.getTechnician().id(), s.getTechnician());
                        break;
                    }
                }
            }
            able.put(member, technicians);
        }
        List<Visit> order = new ArrayList<>(members);
        order.sort(java.util.Comparator.comparingInt(m -> able.get(m).size()));
        Set<String> team = new java.util.TreeSet<>();
        for (Visit member : order) {
            able.get(member).stream().filter(t -> !team.contains(t)).findFirst().ifPresent(team::add);
        }
        return new TeamAnswer(group.size(), group.start(), List.copyOf(byId.values()),
                team.stream().map(byId::get).toList());
    }

    /**
     * Why a member of a visit group is out: whether a team (each member on another technician who can take it at the
     * group's start without breaking a rule) can be formed from the routes as they are; technicians by name.
     */
    private String groupReason(Visit visit) {
        TeamAnswer answer = teamAnswer(visit);
        String start = dateTime(answer.start());
        if (answer.possible()) {
            return "a team of " + answer.size() + " could start together at " + start + " (" + names(answer.team())
                    + "); the solver has not placed it yet (solve longer)";
        }
        return "it needs " + answer.size() + " technicians starting together at " + start + "; "
                + (answer.able().isEmpty() ? "nobody" : "only " + answer.able().size() + " (" + names(answer.able()) + ")")
                + " could start it then without breaking a rule";
    }

    private static String names(List<Technician> technicians) {
        return String.join(", ", technicians.stream().map(Technician::name).toList());
    }

    // ---- time analysis --------------------------------------------------------------------------

    /** Whether some service start fits the windows, a zone segment, the shift's span and the deadline. */
    private boolean hasTimeFor(Visit visit, Shift shift) {
        TravelMatrix m = plan.getTravelMatrix();
        int here = visit.getLocation().index();
        long earliest = shift.getStartTime() + travel(m, shift.getStartLocation().index(), here);
        long latestStart = shift.getLatestEnd() - travel(m, here, shift.getEndLocation().index())
                - visit.getServiceDuration();
        if (visit.hasDeadline()) {
            latestStart = Math.min(latestStart, visit.getDeadline() - visit.getServiceDuration());
        }
        for (long[] interval : startIntervals(visit, shift)) {
            if (Math.max(interval[0], earliest) <= Math.min(interval[1], latestStart)) {
                return true;
            }
        }
        return false;
    }

    /** Allowed service-start intervals from windows and (if restricted) the segments of the visit's zones. */
    private static List<long[]> startIntervals(Visit visit, Shift shift) {
        List<long[]> windows = new ArrayList<>();
        if (visit.getTimeWindows().isEmpty()) {
            windows.add(new long[] {Long.MIN_VALUE / 4, Long.MAX_VALUE / 4});
        } else {
            for (TimeWindow w : visit.getTimeWindows()) {
                windows.add(new long[] {w.start(), w.end()});
            }
        }
        if (!visit.isZoneRestrictedIn(shift)) {
            return windows;
        }
        List<long[]> out = new ArrayList<>();
        for (ZoneSegment z : shift.getZoneSegments()) {
            if (!visit.getZones().contains(z.zone())) {
                continue;
            }
            for (long[] w : windows) {
                long lo = Math.max(w[0], z.start());
                long hi = Math.min(w[1], z.end() - visit.getServiceDuration());
                if (lo <= hi) {
                    out.add(new long[] {lo, hi});
                }
            }
        }
        return out;
    }

    private String timeReason(Visit visit, List<Shift> shifts, String skillPhrase, String period) {
        boolean restricted = shifts.stream().anyMatch(visit::isZoneRestrictedIn);
        String serving = restricted ? "serving " + zoneWords(visit.getZones()) : "that could serve it";
        List<String> why = new ArrayList<>();
        for (Shift s : shifts) {
            why.add(shiftWords(s) + " " + timeMismatch(visit, s));
        }
        if (shifts.size() == 1) {
            return "the only shift " + serving + skillPhrase + period + " " + why.get(0);
        }
        return "none of the " + shifts.size() + " shifts " + serving + skillPhrase + period + " has time for it: "
                + String.join("; ", why);
    }

    private String timeMismatch(Visit visit, Shift shift) {
        TravelMatrix m = plan.getTravelMatrix();
        int here = visit.getLocation().index();
        long earliest = shift.getStartTime() + travel(m, shift.getStartLocation().index(), here);
        long latestStart = shift.getLatestEnd() - travel(m, here, shift.getEndLocation().index())
                - visit.getServiceDuration();
        List<TimeWindow> windows = visit.getTimeWindows();
        if (!windows.isEmpty()) {
            long opens = windows.get(0).start();
            long closes = windows.get(windows.size() - 1).end();
            if (latestStart < opens) {
                return "ends before the visit's window opens (" + dateTime(opens) + ")";
            }
            if (earliest > closes) {
                return "starts after the visit's window closes (" + dateTime(closes) + ")";
            }
        }
        if (visit.isZoneRestrictedIn(shift)) {
            List<long[]> zoneOnly = new ArrayList<>();
            for (ZoneSegment z : shift.getZoneSegments()) {
                if (visit.getZones().contains(z.zone())) {
                    zoneOnly.add(new long[] {z.start(), z.end()});
                }
            }
            boolean segmentLongEnough = zoneOnly.stream().anyMatch(z -> z[1] - z[0] >= visit.getServiceDuration());
            if (!segmentLongEnough) {
                return "serves " + zoneWords(visit.getZones()) + " for less than the visit's "
                        + minutes(visit.getServiceDuration());
            }
            if (!windows.isEmpty()) {
                return "does not serve " + zoneWords(visit.getZones()) + " during the visit's window ("
                        + windowWords(windows) + ")";
            }
        }
        if (visit.hasDeadline() && earliest + visit.getServiceDuration() > visit.getDeadline()) {
            return "cannot finish it by the deadline (" + dateTime(visit.getDeadline()) + ")";
        }
        return "is too short: with travel it cannot fit " + minutes(visit.getServiceDuration()) + " of service before "
                + "its latest end (" + time(shift.getLatestEnd()) + ")";
    }

    // ---- insertion simulation -------------------------------------------------------------------

    private record Insertion(Shift shift, int index, List<String> problems, long badness)
            implements Comparable<Insertion> {
        @Override
        public int compareTo(Insertion o) {
            int c = Integer.compare(problems.size(), o.problems.size());
            return c != 0 ? c : Long.compare(badness, o.badness);
        }
    }

    /** Times the route of {@code shift} with {@code visit} inserted at {@code index} and lists broken rules. */
    private Insertion simulate(Shift shift, int index, Visit visit) {
        List<Visit> route = new ArrayList<>(shift.getVisits());
        route.add(index, visit);
        List<String> problems = new ArrayList<>();
        long badness = 0;
        VisitTiming previous = null;
        Location previousLocation = null;
        for (Visit v : route) {
            VisitTiming t = RouteClock.timeVisitAfter(shift, previous, previousLocation, v);
            long late = v.secondsLateForWindow(t.start());
            if (late > 0) {
                problems.add(name(v) + " would start " + minutes(late) + " after its window");
                badness += late;
            }
            long outside = v.isOutsideZoneSchedule(shift, t.start()) ? Math.max(1, v.secondsOutsideZoneSchedule(shift,
                    t.start())) : 0;
            if (outside > 0) {
                problems.add(name(v) + " would be served outside the shift's time in its zone");
                badness += outside;
            }
            long afterDeadline = v.secondsAfterDeadline(t.start());
            if (afterDeadline > 0) {
                problems.add(name(v) + " would end " + minutes(afterDeadline) + " after its deadline");
                badness += afterDeadline;
            }
            if (!t.reachable()) {
                problems.add("there is no road to " + name(v) + " from the stop before it");
                badness += 86_400;
            }
            if (t.breakLateSeconds() > 0) {
                problems.add("the break would end " + minutes(t.breakLateSeconds()) + " too late");
                badness += t.breakLateSeconds();
            }
            previous = t;
            previousLocation = v.getLocation();
        }
        RouteEnd end = RouteClock.returnLegAfter(shift, previous, previousLocation);
        if (end.end() > shift.getLatestEnd()) {
            problems.add("the route would end at " + time(end.end()) + ", after the shift's latest end ("
                    + time(shift.getLatestEnd()) + ")");
            badness += end.end() - shift.getLatestEnd();
        }
        if (!end.reachable()) {
            problems.add("there is no road back to the shift's end");
            badness += 86_400;
        }
        return new Insertion(shift, index, problems, badness);
    }

    // ---- words ----------------------------------------------------------------------------------

    private static int travel(TravelMatrix m, int from, int to) {
        return m.reachable(from, to) ? m.seconds(from, to) : 0;
    }

    private static String name(Visit v) {
        return v.getLabel().equals(v.getId()) || v.getLabel().isBlank() ? v.getId() : v.getId() + " (" + v.getLabel() + ")";
    }

    private String shiftWords(Shift s) {
        return "(" + s.getId() + ", " + s.getTechnician().name() + ", " + date(s.getStartTime()) + " "
                + time(s.getStartTime()) + "-" + time(s.getLatestEnd()) + ")";
    }

    private String positionWords(Shift s, int index) {
        if (s.getVisits().isEmpty()) {
            return "as its only visit";
        }
        return index == 0 ? "before " + name(s.getVisits().get(0)) : "after " + name(s.getVisits().get(index - 1));
    }

    private static String ids(List<Shift> shifts) {
        return shifts.stream().map(Shift::getId).collect(Collectors.joining(", "));
    }

    private static List<Skill> sorted(Set<Skill> skills) {
        return skills.stream().sorted(Comparator.comparing(Skill::code)).toList();
    }

    private static String skillWords(Set<Skill> skills) {
        List<String> codes = sorted(skills).stream().map(Skill::code).toList();
        return (codes.size() == 1 ? "skill " : "skills ") + String.join(", ", codes);
    }

    private static String zoneWords(Set<Zone> zones) {
        List<String> names = zones.stream().map(Zone::toString).sorted().toList();
        return (names.size() == 1 ? "zone " : "zones ") + String.join(" or ", names);
    }

    private String windowWords(List<TimeWindow> windows) {
        return windows.stream().map(w -> dateTime(w.start()) + "-" + time(w.end())).collect(Collectors.joining(", "));
    }

    private static String minutes(long seconds) {
        long m = Math.round(seconds / 60.0);
        return m < 60 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
    }

    private static String km(long metres) {
        return String.format(java.util.Locale.ROOT, "%.1f km", metres / 1000.0);
    }

    private LocalDateTime at(long seconds) {
        return plan.toDateTime(seconds);
    }

    private String dateTime(long seconds) {
        return at(seconds).format(DATE_TIME);
    }

    private String date(long seconds) {
        return at(seconds).format(DATE);
    }

    private String time(long seconds) {
        return at(seconds).format(TIME);
    }

}
