package org.fieldplan.engine.slots;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitGroup;

/**
 * Booking windows for work that needs several technicians at once ({@link VisitGroup}): a window is offered only when
 * enough people are free <em>together</em>, i.e. there is one moment inside it at which every person of the team,
 * each on another technician with the skills that person needs, can start the service without breaking a hard rule of
 * their route. Candidate moments are the window's start and every {@link #STEP_SECONDS} after it up to its end; the
 * first moment that staffs the whole team is the group's start (the members then wait for it, see
 * {@link VisitGroup}).
 * <p>
 * Per moment, each route's cheapest position where a member could start exactly then is an O(1) slack test per
 * position ({@link RouteSlack}, as in {@link WindowSearch}); the team is staffed greedily, the person with the most
 * skills first, each taking the cheapest free route of a technician not yet in the team with those skills. Greedy
 * staffing can miss a team that an exhaustive assignment would find when skills overlap in odd ways; teams are small
 * (2 to 4), so this is rare and only ever refuses, never offers, a window wrongly.
 */
public final class GroupWindowSearch {

    /** Candidate common starts inside a window: its start and every 15 minutes after it. */
    public static final long STEP_SECONDS = 15 * 60;

    private final WindowSearch search;

    public GroupWindowSearch(WindowSearch search) {
        this.search = search;
    }

    /**
     * One answer per window and day: the window with the group's start and one insertion per person (in the order of
     * {@code skillsPerPerson}), or unavailable with the reason.
     *
     * @param newVisit        the work (its required skills are ignored: each person's are in {@code skillsPerPerson})
     * @param skillsPerPerson the skills each person of the team needs; its size is the team's size (at least 2)
     */
    public List<GroupWindowAnswer> search(NewVisit newVisit, List<Set<Skill>> skillsPerPerson, WindowSettings settings) {
        if (skillsPerPerson.size() < 2) {
            throw new IllegalArgumentException("skillsPerPerson: " + skillsPerPerson.size()
                    + " person(s); a group needs at least 2 (use WindowSearch for one technician).");
        }
        List<DailyWindow> daily = settings.windowsFor(newVisit.serviceCode(), newVisit.zones());
        LocalDateTime origin = search.plan().getOrigin();
        List<GroupWindowAnswer> answers = new ArrayList<>();
        for (LocalDate day = settings.from(); !day.isAfter(settings.to()); day = day.plusDays(1)) {
            List<RouteSlack> routes = search.routesOn(day);
            for (DailyWindow window : daily) {
                long start = Duration.between(origin, day.atTime(window.start())).getSeconds();
                long end = Duration.between(origin, day.atTime(window.end())).getSeconds();
                answers.add(answer(newVisit, skillsPerPerson, day, window, start, end, routes));
            }
        }
        return answers;
    }

    private GroupWindowAnswer answer(NewVisit newVisit, List<Set<Skill>> skillsPerPerson, LocalDate day,
            DailyWindow window, long start, long end, List<RouteSlack> routes) {
        int team = skillsPerPerson.size();
        if (newVisit.hasDeadline() && start + newVisit.serviceDuration() > newVisit.deadline()) {
            return unavailable(day, window, start, end, team, "the service cannot end by the deadline when it starts"
                    + " between " + window.start() + " and " + window.end());
        }
        // persons with the most skills choose first
        List<Integer> persons = new ArrayList<>();
        for (int i = 0; i < team; i++) {
            persons.add(i);
        }
        persons.sort(Comparator.comparingInt((Integer i) -> -skillsPerPerson.get(i).size()));
        int at = newVisit.location().index();
        int mostFree = 0;
        for (long t = start; t <= end; t += STEP_SECONDS) {
            NewVisit alone = new NewVisit(newVisit.label(), newVisit.location(), newVisit.serviceDuration(), Set.of(),
                    newVisit.zones(), newVisit.deadline(), newVisit.demand(), newVisit.serviceCode());
            Visit probe = alone.toVisit(t, t);
            int[] position = new int[routes.size()];
            int[] added = new int[routes.size()];
            int free = 0;
            for (int r = 0; r < routes.size(); r++) {
                position[r] = cheapestAt(routes.get(r), probe, at, t, newVisit.demand());
                if (position[r] >= 0) {
                    added[r] = routes.get(r).addedSeconds(position[r], at);
                    free++;
                }
            }
            Set<String> used = new HashSet<>();
            Insertion[] chosen = new Insertion[team];
            int staffed = 0;
            for (int person : persons) {
                Set<Skill> needs = skillsPerPerson.get(person);
                int best = -1;
                for (int r = 0; r < routes.size(); r++) {
                    Shift shift = routes.get(r).shift;
                    if (position[r] < 0 || used.contains(shift.getTechnician().id())
                            || !shift.getTechnician().skills().containsAll(needs)) {
                        continue;
                    }
                    if (best < 0 || added[r] < added[best]) {
                        best = r;
                    }
                }
                if (best < 0) {
                    break;
                }
                RouteSlack route = routes.get(best);
                used.add(route.shift.getTechnician().id());
                chosen[person] = new Insertion(route.shift.getId(), route.shift.getTechnician().id(), position[best], t,
                        added[best], route.addedMetres(position[best], at),
                        route.workSeconds + added[best] + newVisit.serviceDuration());
                staffed++;
            }
            mostFree = Math.max(mostFree, Math.min(free, staffed));
            if (staffed == team) {
                long cost = 0;
                for (Insertion i : chosen) {
                    cost += i.addedTravelSeconds();
                }
                return new GroupWindowAnswer(day, window, start, end, t, List.of(chosen), cost, null);
            }
        }
        return unavailable(day, window, start, end, team, "fewer than " + team + " technicians" + skillWords(skillsPerPerson)
                + " are free together between " + window.start() + " and " + window.end() + " on " + day
                + " (at most " + mostFree + ")");
    }

    /** The cheapest position where {@code probe} starts exactly at {@code t} in {@code route}, or -1. */
    private static int cheapestAt(RouteSlack route, Visit probe, int at, long t, int demand) {
        Shift shift = route.shift;
        if (!route.keepsRules() || shift.getStartTime() > t || shift.getLatestEnd() < t + probe.getServiceDuration()) {
            return -1;
        }
        if (shift.hasCapacityLimit() && route.demand + demand > shift.getCapacity()) {
            return -1;
        }
        if (probe.isZoneRestrictedIn(shift) && probe.isOutsideZoneSchedule(shift, t)) {
            return -1;
        }
        int best = -1;
        int bestAdded = Integer.MAX_VALUE;
        for (int p = route.pinned; p <= route.size; p++) {
            int added = route.addedSeconds(p, at);
            if (added >= bestAdded) {
                continue;
            }
            if (route.insertionStart(p, probe) == t) {
                best = p;
                bestAdded = added;
            }
        }
        return best;
    }

    private static GroupWindowAnswer unavailable(LocalDate day, DailyWindow window, long start, long end, int team,
            String reason) {
        return new GroupWindowAnswer(day, window, start, end, -1, List.of(), 0, reason);
    }

    private static String skillWords(List<Set<Skill>> skillsPerPerson) {
        TreeSet<String> codes = new TreeSet<>();
        for (Set<Skill> skills : skillsPerPerson) {
            skills.forEach(s -> codes.add(s.code()));
        }
        return codes.isEmpty() ? "" : " (skills " + String.join(", ", codes) + ")";
    }

    /**
     * One window for a team: available with the common start and one insertion per person, or with the reason.
     *
     * @param groupStart when the whole team starts (seconds since the plan's origin), -1 when unavailable
     * @param insertions per person, in the order of the search's {@code skillsPerPerson}; empty when unavailable
     * @param cost       the team's added travel seconds
     */
    public record GroupWindowAnswer(LocalDate day, DailyWindow window, long start, long end, long groupStart,
            List<Insertion> insertions, long cost, @org.jspecify.annotations.Nullable String reason) {

        public boolean available() {
            return !insertions.isEmpty();
        }
    }
}
