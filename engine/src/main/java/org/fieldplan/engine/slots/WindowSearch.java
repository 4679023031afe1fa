package org.fieldplan.engine.slots;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;

/**
 * Booking-window search: which windows on which days a new visit can be inserted into the current routes
 * (published and draft alike: every shift of the plan with its ordered visits) without breaking a hard rule of
 * the engine: the windows already promised to other visits, zone segments, skills, breaks (fixed and floating),
 * deadlines, capacity, roads and the shifts' latest ends. No solver runs; the routes are not changed.
 * <p>
 * {@link #prepare(FieldPlan)} times every route once, forward by the engine's
 * {@link org.fieldplan.engine.domain.RouteClock} and backward as latest arrivals ({@link RouteSlack}):
 * O(V) for V routed visits. {@link #search} then tries, for each day and window, every position of every route
 * of that day: O(D &middot; W &middot; (V<sub>d</sub> + S<sub>d</sub>) &middot; Z) for D days, W windows a day,
 * V<sub>d</sub> visits and S<sub>d</sub> shifts of a day and Z the zone segments per shift (small), because each
 * position is an O(1) slack test; only a position that passes the test, is cheaper than the best found so far and
 * has a floating break pending before it is confirmed by timing the route forward until its times rejoin the
 * current ones. The search allocates per window, not per position.
 * <p>
 * Per window the cheapest insertion (least added travel seconds; ties: the lighter route) is reported with a
 * cost for ordering: added travel plus a quarter of the work by which the receiving route would exceed the day's
 * mean. A route that already breaks a hard rule (a draft that needs repair) is offered nothing. Routes are only
 * extended after their pinned prefix.
 * <p>
 * Thread-safe after {@code prepare} as long as nobody changes the plan; the plan's travel matrix must already
 * hold the new address (the caller extends it).
 */
public final class WindowSearch {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final FieldPlan plan;
    private final Map<LocalDate, List<RouteSlack>> routesByDay;
    private final Map<LocalDate, Long> meanWorkByDay;

    private WindowSearch(FieldPlan plan) {
        this.plan = plan;
        this.routesByDay = new HashMap<>();
        Map<LocalDate, long[]> work = new HashMap<>();
        for (Shift shift : plan.getShifts()) {
            RouteSlack route = RouteSlack.of(shift);
            routesByDay.computeIfAbsent(shift.getDay(), d -> new ArrayList<>()).add(route);
            long[] sum = work.computeIfAbsent(shift.getDay(), d -> new long[2]);
            sum[0] += route.workSeconds;
            sum[1]++;
        }
        this.meanWorkByDay = new HashMap<>();
        work.forEach((day, sum) -> meanWorkByDay.put(day, sum[0] / sum[1]));
    }

    FieldPlan plan() {
        return plan;
    }

    /** Times every route of {@code plan} once; O(routed visits). */
    public static WindowSearch prepare(FieldPlan plan) {
        return new WindowSearch(plan);
    }

    /** The routes that already break a hard rule (and are offered nothing), by shift id, with the rule in words. */
    public Map<String, String> brokenRoutes() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (List<RouteSlack> routes : routesByDay.values()) {
            for (RouteSlack r : routes) {
                if (r.brokenRule != null) {
                    out.put(r.shift.getId(), r.brokenRule);
                }
            }
        }
        return out;
    }

    /**
     * Every window of {@code settings} (the ones for the visit's service and zones) on every day of its range,
     * with its availability, cheapest insertion and grade, or the reason it is not available.
     *
     * @throws IllegalArgumentException when the new visit's location is outside the plan's travel matrix
     */
    public WindowSearchResult search(NewVisit newVisit, WindowSettings settings) {
        int size = plan.getTravelMatrix().size();
        if (newVisit.location().index() >= size) {
            throw new IllegalArgumentException("newVisit.location.index: " + newVisit.location().index()
                    + " is outside the plan's travel matrix of size " + size
                    + "; extend the matrix with the new address (and its travel to every routed place) first.");
        }
        List<DailyWindow> daily = settings.windowsFor(newVisit.serviceCode(), newVisit.zones());
        List<WindowAnswer> answers = new ArrayList<>(settings.dayCount() * daily.size());
        LocalDateTime origin = plan.getOrigin();
        Words words = new Words(newVisit);
        for (LocalDate day = settings.from(); !day.isAfter(settings.to()); day = day.plusDays(1)) {
            List<RouteSlack> routes = routesOn(day);
            long dayStart = Duration.between(origin, day.atStartOfDay()).getSeconds();
            long meanWork = meanWorkByDay.getOrDefault(day, 0L);
            Eligibility eligible = eligibility(day, routes, newVisit, dayStart, daily);
            boolean[] lacksSkill = eligible.lacksSkill();
            boolean[] noZone = eligible.noZone();
            // the travel each position adds does not depend on the window: once per day, not once per window
            int[][] added = addedSeconds(routes, lacksSkill, noZone, newVisit.location().index());
            for (int w = 0; w < daily.size(); w++) {
                DailyWindow window = daily.get(w);
                long start = eligible.starts()[w];
                long end = eligible.ends()[w];
                answers.add(answer(newVisit, day, window, dayStart, start, end, routes, lacksSkill, noZone,
                        eligible.zoneMisfit()[w], added, meanWork, words));
            }
        }
        return new WindowSearchResult(ranked(answers));
    }

    /**
     * One window on one day (e.g. to re-check the customer's choice inside the booking transaction, against the
     * plan as it stands then). The answer's rank is 1 when available.
     */
    public WindowAnswer check(NewVisit newVisit, LocalDate day, DailyWindow window) {
        List<WindowAnswer> answers = search(newVisit, new WindowSettings(day, day, List.of(window), Map.of(),
                Map.of())).answers();
        return answers.get(0);
    }

    /**
     * Which routes of a day lack one of the skills, which serve none of the zones (neither depends on the window), and
     * per window which routes' zone schedules leave the service no start inside the window ({@code zoneMisfit[w][r]});
     * with the windows' starts and ends in plan seconds.
     */
    private record Eligibility(boolean[] lacksSkill, boolean[] noZone, boolean[][] zoneMisfit, long[] starts, long[] ends) {}

    private record EligibilityKey(LocalDate day, Set<Skill> skills, Set<Zone> zones, long duration, List<DailyWindow> windows) {}

    /**
     * The skill and zone tests per route and day, kept per (day, skills, zones): a booking form asks with a handful of
     * services in a handful of zones, and these tests over every route of every day were most of a search's time.
     * Bounded; read-only once made (thread-safe like the rest of the prepared search).
     */
    private final Map<EligibilityKey, Eligibility> eligibility = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int ELIGIBILITY_KEPT = 4096;

    private Eligibility eligibility(LocalDate day, List<RouteSlack> routes, NewVisit newVisit, long dayStart,
            List<DailyWindow> daily) {
        EligibilityKey key = new EligibilityKey(day, newVisit.requiredSkills(), newVisit.zones(), newVisit.serviceDuration(),
                daily);
        Eligibility known = eligibility.get(key);
        if (known != null) {
            return known;
        }
        Visit probe = newVisit.toVisit(dayStart, dayStart);
        boolean[] lacksSkill = new boolean[routes.size()];
        boolean[] noZone = new boolean[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            Shift shift = routes.get(r).shift;
            lacksSkill[r] = probe.isMissingSkillIn(shift);
            // zone segments, none of them in the visit's zones: never zoned, whatever the window
            noZone[r] = probe.isZoneRestrictedIn(shift)
                    && shift.getZoneSegments().stream().noneMatch(z -> probe.getZones().contains(z.zone()));
        }
        // the zone-schedule test of each route and window (it depends on the window, the zones and the duration only)
        LocalDateTime origin = plan.getOrigin();
        boolean[][] zoneMisfit = new boolean[daily.size()][routes.size()];
        long[] starts = new long[daily.size()];
        long[] ends = new long[daily.size()];
        for (int w = 0; w < daily.size(); w++) {
            long start = Duration.between(origin, day.atTime(daily.get(w).start())).getSeconds();
            long end = Duration.between(origin, day.atTime(daily.get(w).end())).getSeconds();
            starts[w] = start;
            ends[w] = end;
            Visit visit = newVisit.toVisit(start, end);
            for (int r = 0; r < routes.size(); r++) {
                Shift shift = routes.get(r).shift;
                if (visit.isZoneRestrictedIn(shift)) {
                    long earliest = visit.earliestServiceStart(shift, start);
                    zoneMisfit[w][r] = visit.isOutsideZoneSchedule(shift, earliest) || visit.secondsLateForWindow(earliest) > 0;
                }
            }
        }
        Eligibility made = new Eligibility(lacksSkill, noZone, zoneMisfit, starts, ends);
        if (eligibility.size() < ELIGIBILITY_KEPT) {
            eligibility.putIfAbsent(key, made);
        }
        return made;
    }

    /** Per route, the travel seconds visiting {@code at} adds at each position from the route's first unpinned one. */
    private static int[][] addedSeconds(List<RouteSlack> routes, boolean[] lacksSkill, boolean[] noZone, int at) {
        int[][] added = new int[routes.size()][];
        for (int r = 0; r < routes.size(); r++) {
            if (lacksSkill[r] || noZone[r]) {
                continue; // never looked at
            }
            RouteSlack route = routes.get(r);
            int[] a = new int[Math.max(0, route.size - route.pinned + 1)];
            for (int p = route.pinned; p <= route.size; p++) {
                a[p - route.pinned] = route.addedSeconds(p, at);
            }
            added[r] = a;
        }
        return added;
    }

    /** The routes of a day and of the day before (shifts past midnight), made once per day. */
    private final Map<LocalDate, List<RouteSlack>> routesOnDay = new java.util.concurrent.ConcurrentHashMap<>();

    List<RouteSlack> routesOn(LocalDate day) {
        return routesOnDay.computeIfAbsent(day, this::sameDayAndDayBefore);
    }

    private List<RouteSlack> sameDayAndDayBefore(LocalDate day) {
        List<RouteSlack> sameDay = routesByDay.getOrDefault(day, List.of());
        List<RouteSlack> dayBefore = routesByDay.getOrDefault(day.minusDays(1), List.of()); // shifts past midnight
        if (dayBefore.isEmpty()) {
            return sameDay;
        }
        List<RouteSlack> both = new ArrayList<>(sameDay.size() + dayBefore.size());
        both.addAll(sameDay);
        both.addAll(dayBefore);
        return both;
    }

    private WindowAnswer answer(NewVisit newVisit, LocalDate day, DailyWindow window, long dayStart, long start,
            long end, List<RouteSlack> routes, boolean[] lacksSkill, boolean[] noZone, boolean[] zoneMisfit, int[][] addedByRoute,
            long meanWork, Words words) {
        long duration = newVisit.serviceDuration();
        if (newVisit.hasDeadline()) {
            if (newVisit.deadline() <= dayStart) {
                return unavailable(day, window, start, end, Unavailability.DEADLINE, "the deadline ("
                        + format(newVisit.deadline()) + ") is before this day");
            }
            if (start + duration > newVisit.deadline()) {
                return unavailable(day, window, start, end, Unavailability.DEADLINE, "the service ("
                        + minutes(duration) + ") cannot end by the deadline (" + format(newVisit.deadline())
                        + ") when it starts between " + window.start() + " and " + window.end());
            }
        }
        Visit visit = newVisit.toVisit(start, end);
        int at = newVisit.location().index();
        boolean working = false;
        boolean skilled = false;
        boolean zoned = false;
        boolean onlyCapacity = true;
        RouteSlack bestRoute = null;
        int bestPosition = -1;
        long bestStart = 0;
        int bestAdded = Integer.MAX_VALUE;
        long bestWork = Long.MAX_VALUE;
        for (int r = 0; r < routes.size(); r++) {
            RouteSlack route = routes.get(r);
            Shift shift = route.shift;
            if (shift.getStartTime() > end || shift.getLatestEnd() < start + duration) {
                continue;
            }
            working = true;
            if (lacksSkill[r]) {
                continue;
            }
            skilled = true;
            if (noZone[r]) {
                continue;
            }
            if (zoneMisfit[r]) {
                continue; // no start inside the window within a segment of the visit's zones (kept per window)
            }
            zoned = true;
            if (!route.keepsRules()) {
                onlyCapacity = false;
                continue;
            }
            if (shift.hasCapacityLimit() && route.demand + newVisit.demand() > shift.getCapacity()) {
                continue;
            }
            onlyCapacity = false;
            int[] addedAt = addedByRoute[r];
            for (int p = route.pinned; p <= route.size; p++) {
                int added = addedAt[p - route.pinned];
                long work = route.workSeconds + added + duration;
                if (added > bestAdded || (added == bestAdded && work >= bestWork)) {
                    continue;
                }
                long serviceStart = route.insertionStart(p, visit);
                if (serviceStart == RouteSlack.INFEASIBLE) {
                    continue;
                }
                bestRoute = route;
                bestPosition = p;
                bestStart = serviceStart;
                bestAdded = added;
                bestWork = work;
            }
        }
        if (bestRoute != null) {
            Shift shift = bestRoute.shift;
            Insertion insertion = new Insertion(shift.getId(), shift.getTechnician().id(), bestPosition, bestStart,
                    bestAdded, bestRoute.addedMetres(bestPosition, at), bestWork);
            long cost = bestAdded + Math.max(0, bestWork - meanWork) / 4;
            return new WindowAnswer(day, window, start, end, insertion, cost, 0, null, null);
        }
        String between = "between " + window.start() + " and " + window.end();
        String withSkills = words.skills();
        if (!working) {
            return unavailable(day, window, start, end, Unavailability.NO_SHIFT,
                    "no technician works on " + day + " " + between);
        }
        if (!skilled) {
            return unavailable(day, window, start, end, Unavailability.NO_SKILL,
                    "no technician" + withSkills + " works on " + day + " " + between);
        }
        String inZones = words.zones();
        if (!zoned) {
            return unavailable(day, window, start, end, Unavailability.NO_ZONE,
                    "no technician" + withSkills + " works in " + inZones + " on " + day + " " + between);
        }
        String routesServing = "every route" + withSkills + (newVisit.zones().isEmpty() ? "" : " serving " + inZones);
        if (onlyCapacity) {
            return unavailable(day, window, start, end, Unavailability.FULL,
                    routesServing + " has no capacity left on " + day);
        }
        return unavailable(day, window, start, end, Unavailability.FULL,
                routesServing + " is full " + between + " on " + day);
    }

    /** The visit's skills and zones in words, made once per search (not once per unavailable window). */
    private static final class Words {
        private final NewVisit visit;
        private @org.jspecify.annotations.Nullable String skills;
        private @org.jspecify.annotations.Nullable String zones;

        Words(NewVisit visit) {
            this.visit = visit;
        }

        String skills() {
            String s = skills;
            if (s == null) {
                s = skillWords(visit.requiredSkills());
                skills = s;
            }
            return s;
        }

        String zones() {
            String z = zones;
            if (z == null) {
                z = zoneWords(visit.zones());
                zones = z;
            }
            return z;
        }
    }

    private static WindowAnswer unavailable(LocalDate day, DailyWindow window, long start, long end,
            Unavailability why, String reason) {
        return new WindowAnswer(day, window, start, end, null, 0, 0, why, reason);
    }

    private static List<WindowAnswer> ranked(List<WindowAnswer> answers) {
        List<Integer> available = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).available()) {
                available.add(i);
            }
        }
        available.sort(Comparator.<Integer>comparingLong(i -> answers.get(i).cost())
                .thenComparingLong(i -> answers.get(i).start()));
        List<WindowAnswer> out = new ArrayList<>(answers);
        for (int rank = 0; rank < available.size(); rank++) {
            int i = available.get(rank);
            out.set(i, answers.get(i).withRank(rank + 1));
        }
        return out;
    }

    private String format(long seconds) {
        return plan.toDateTime(seconds).format(DAY_TIME);
    }

    private static String minutes(long seconds) {
        return (seconds / 60) + " min";
    }

    private static String skillWords(Set<Skill> skills) {
        if (skills.isEmpty()) {
            return "";
        }
        TreeSet<String> codes = new TreeSet<>();
        for (Skill s : skills) {
            codes.add(s.code());
        }
        return (codes.size() == 1 ? " with skill " : " with skills ") + String.join(", ", codes);
    }

    private static String zoneWords(Set<Zone> zones) {
        TreeSet<String> names = new TreeSet<>();
        for (Zone z : zones) {
            names.add(z.toString());
        }
        return (names.size() == 1 ? "zone " : "zones ") + String.join(" or ", names);
    }
}
