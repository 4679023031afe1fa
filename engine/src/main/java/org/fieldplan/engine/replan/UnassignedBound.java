package org.fieldplan.engine.replan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.domain.RouteClock;
import org.fieldplan.engine.domain.ZoneSegment;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * A lower bound on the number of visits that stay unassigned in any plan of a replan problem ({@link Replanning#from})
 * that breaks no hard rule: "every visit that can still be served is served" is proven when a replan leaves exactly
 * that many unassigned.
 * <p>
 * The argument (docs/engine.md, "How many visits a replan must leave out"):
 * <ol>
 * <li>A free visit is one not in a route's pinned prefix. In a feasible plan it is served by a shift whose technician
 * has its skills, with its service starting at or after {@code now} (its windows were cut there) and after the shift's
 * last pinned stop ends ({@code free_s}: its departure, or the shift's start), inside one of its windows, inside a zone
 * segment of one of its zones (where zones apply), ending by its deadline and by the shift's latest end. Its
 * <em>options</em> are, per such shift, the hull {@code [e, c]} of those services (earliest start, latest end). A visit
 * with no option must stay unassigned.</li>
 * <li>Travel: the leg into a visit starts at a stop the route came from: another free visit or the shift's position
 * (last pinned stop or start). {@code L_v}, the least road time from any of those places, is at most that leg.</li>
 * <li>A box gives shifts intervals {@code [a_s, b_s]}; the visits <em>forced</em> into it have every option inside it.
 * In one shift the forced visits' services and their legs in are disjoint on the clock (a route is a sequence) and,
 * but for the first one's leg, lie in {@code [max(a_s, free_s), min(b_s, latestEnd_s)]} (every later leg leaves a stop
 * that ends after the first forced service starts); so their sum of {@code service + L} is at most that span plus
 * {@code min(max L, a_s - free_s)} (the part of the first leg that may lie before {@code a_s}). A break not yet taken
 * whose whole span lies in the interval takes its duration from it when the route takes it; when the route takes no
 * break {@code k + 1}, it is home before that break's earliest start (RouteClock), so the interval ends there: the
 * capacity is the largest of those cases. Counted with the legs out instead ({@code O_v}: the least road time to home
 * or to a free visit the shift could serve that can start after v ends), every leg out but the last forced visit's
 * lies in {@code [max(a_s, free_s), min(b_s, latestEnd_s)]} (each starts after the first forced service starts and ends
 * by the next one's start), the last too when the interval reaches the latest end: {@code sum (service + O)} is at most
 * the span plus {@code max O} (plus nothing at the latest end). Both hold, so their sum holds too.</li>
 * <li>So in any feasible plan the forced visits served fit the boxes' capacity; at least the fewest that leave a fitting
 * rest (drop the longest {@code service + L} first: the rest is then as small as any rest of that many visits can be)
 * stay unassigned; the same with {@code service + O}, and with {@code 2 service + L + O} against both capacities: each is
 * a lower bound, the box takes the highest. Boxes that share no shift time force disjoint sets of visits, so their counts add up, plus the
 * visits with no option.</li>
 * <li>Legs in from distinct places: every stop is left at most once (a free visit precedes at most one visit, a shift's
 * position at most its first free visit), so the served forced visits come from distinct places; the least total
 * {@code service + leg} of k forced visits each matched to its own place (a minimum-cost matching, {@code g(k)}) is
 * at most the capacity (with the first-leg credit taken with the longest leg offered): at most the largest such k are
 * served. Computed for boxes filled at least 80% by the least legs.</li>
 * <li>Whole visits per shift: point 3 holds for each shift alone (its services and legs lie in its own span), so a
 * shift serves at most as many of the forced visits it could serve as fit its own capacity, smallest first (by each
 * of the in, out and both counts); the forced visits served are at most the sum of these over the box's shifts.</li>
 * </ol>
 * Relaxed (which keeps the bound valid): teams (each member counts alone), the way home, capacity, waits. The boxes are
 * chosen by a heuristic (per set of shifts that can serve some visit, with late-starting subsets), then packed greedily;
 * another choice may give a higher bound, never a wrong one.
 */
public final class UnassignedBound {

    /** One box: the shifts' intervals, the visits forced into it and what they need against what it has. */
    public record Box(Map<String, long[]> intervals, int forced, long needSeconds, long capacitySeconds, int mustDrop,
                      Legs legs) {

        /** e.g. "s21 11:00-17:00, s33 11:00-17:00: 40 visits need 17.2 h (service + least travel), 16.5 h free: >= 3". */
        public String describe() {
            StringBuilder b = new StringBuilder();
            intervals.forEach((id, iv) -> b.append(b.isEmpty() ? "" : ", ").append(id).append(' ').append(clock(iv[0]))
                    .append('-').append(clock(iv[1])));
            return b + String.format(": %d visits need %.1f h (%s), %.1f h free: >= %d", forced,
                    needSeconds / 3600.0, legs.words, capacitySeconds / 3600.0, mustDrop);
        }
    }

    /** Which legs a box counts with each visit's service (point 3 of the class comment: in, out, or the mean of both). */
    public enum Legs {
        IN("service + least travel"),
        OUT("service + least travel out"),
        MEAN("service + mean of least travel in and out"),
        MATCHED("service + least travel from distinct places"),
        PER_SHIFT("service + least travel, in whole visits per shift");

        final String words;

        Legs(String words) {
            this.words = words;
        }
    }

    /**
     * @param bound      at least this many visits stay unassigned in every feasible plan of the problem
     * @param noOption   visits no shift can serve at all (ids), counted in the bound
     * @param boxes      the disjoint boxes whose drops make up the rest of the bound
     * @param freeVisits visits not pinned (the ones the replan places)
     */
    public record Result(int bound, List<String> noOption, List<Box> boxes, int freeVisits, List<Box> tightest) {

        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!noOption.isEmpty()) {
                parts.add(noOption.size() + " no shift can serve (" + String.join(" ", noOption) + ")");
            }
            boxes.forEach(b -> parts.add(b.describe()));
            return "at least " + bound + " of " + freeVisits + " free visits unassigned"
                    + (parts.isEmpty() ? "" : ": " + String.join("; ", parts))
                    + (tightest.isEmpty() ? "" : "; tightest boxes that force none: "
                    + String.join("; ", tightest.stream().map(Box::describe).toList()));
        }
    }

    private record Option(int shift, long earliest, long latestEnd) {
    }

    private final List<Shift> shifts;
    private final long[] free;
    private final int[] position;
    private final int[] breaksTaken;
    private final List<Visit> visits = new ArrayList<>();
    private final List<List<Option>> options = new ArrayList<>();
    private final long[] need;
    private final long[] leastTravel;
    /** Per free visit: the least road time from it to a place that can follow it (a free visit or the way home). */
    private final long[] leastOut;
    /** Per shift: the least road time home from a free visit it could serve (0 when none or unreachable). */
    private final long[] leastReturn;
    /** Per shift: the free visits it could serve. */
    private final List<List<Integer>> servable;
    private final TravelMatrix matrix;

    private UnassignedBound(FieldPlan problem, long now) {
        shifts = problem.getShifts();
        int n = shifts.size();
        free = new long[n];
        position = new int[n];
        breaksTaken = new int[n];
        Set<Visit> pinned = new HashSet<>();
        for (int s = 0; s < n; s++) {
            Shift shift = shifts.get(s);
            VisitTiming last = null;
            Visit lastVisit = null;
            for (int i = 0; i < shift.getPinnedVisitCount(); i++) {
                Visit v = shift.getVisits().get(i);
                last = RouteClock.timeVisitAfter(shift, last, lastVisit == null ? null : lastVisit.getLocation(), v);
                lastVisit = v;
                pinned.add(v);
            }
            free[s] = last == null ? shift.getStartTime() : last.departure();
            position[s] = lastVisit == null ? shift.getStartLocation().index() : lastVisit.getLocationIndex();
            breaksTaken[s] = last == null ? 0 : last.breaksTaken();
        }
        for (Visit v : problem.getVisits()) {
            if (!pinned.contains(v)) {
                visits.add(v);
            }
        }
        matrix = problem.getTravelMatrix();
        need = new long[visits.size()];
        leastTravel = new long[visits.size()];
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            List<Option> opts = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                Option o = option(v, s, Math.max(now, free[s]));
                if (o != null) {
                    opts.add(o);
                }
            }
            options.add(opts);
        }
        // per shift, the free visits it could serve (with their option there)
        servable = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            servable.add(new ArrayList<>());
        }
        for (int i = 0; i < visits.size(); i++) {
            for (Option o : options.get(i)) {
                servable.get(o.shift()).add(i);
            }
        }
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            int to = v.getLocationIndex();
            long least = Long.MAX_VALUE;
            // the stop before v in shift s: s's position, or a free visit s could serve that can end before v starts
            for (Option o : options.get(i)) {
                least = Math.min(least, legOrMax(matrix, position[o.shift()], to));
                long latestStart = o.latestEnd() - v.getServiceDuration();
                for (int u : servable.get(o.shift())) {
                    if (u == i) {
                        continue;
                    }
                    Option ou = optionIn(u, o.shift());
                    if (ou.earliest() + visits.get(u).getServiceDuration() <= latestStart) {
                        least = Math.min(least, legOrMax(matrix, visits.get(u).getLocationIndex(), to));
                    }
                }
            }
            leastTravel[i] = least == Long.MAX_VALUE ? 0 : least;
            need[i] = v.getServiceDuration() + leastTravel[i];
        }
        leastOut = new long[visits.size()];
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            int from = v.getLocationIndex();
            long least = Long.MAX_VALUE;
            // the stop after v in shift s: the way home, or a free visit s could serve that can start after v ends
            for (Option o : options.get(i)) {
                least = Math.min(least, legOrMax(matrix, from, shifts.get(o.shift()).getEndLocation().index()));
                long earliestEnd = o.earliest() + v.getServiceDuration();
                for (int u : servable.get(o.shift())) {
                    if (u == i) {
                        continue;
                    }
                    Option ou = optionIn(u, o.shift());
                    if (ou.latestEnd() - visits.get(u).getServiceDuration() >= earliestEnd) {
                        least = Math.min(least, legOrMax(matrix, from, visits.get(u).getLocationIndex()));
                    }
                }
            }
            leastOut[i] = least == Long.MAX_VALUE ? 0 : least;
        }
        leastReturn = new long[n];
        Arrays.fill(leastReturn, Long.MAX_VALUE);
        for (int i = 0; i < visits.size(); i++) {
            for (Option o : options.get(i)) {
                leastReturn[o.shift()] = Math.min(leastReturn[o.shift()],
                        legOrMax(matrix, visits.get(i).getLocationIndex(), shifts.get(o.shift()).getEndLocation().index()));
            }
        }
        for (int s = 0; s < n; s++) {
            if (leastReturn[s] == Long.MAX_VALUE) {
                leastReturn[s] = 0;
            }
        }
    }

    private Option optionIn(int visit, int shift) {
        for (Option o : options.get(visit)) {
            if (o.shift() == shift) {
                return o;
            }
        }
        throw new IllegalStateException("visit " + visit + " has no option in shift " + shift);
    }

    private static long legOrMax(TravelMatrix matrix, int from, int to) {
        int seconds = matrix.seconds(from, to);
        return seconds == TravelMatrix.UNREACHABLE ? Long.MAX_VALUE : seconds;
    }

    /** The hull of the services of {@code v} in shift {@code s} starting at or after {@code from}; null for none. */
    private Option option(Visit v, int s, long from) {
        Shift shift = shifts.get(s);
        if (v.isMissingSkillIn(shift)) {
            return null;
        }
        long dur = v.getServiceDuration();
        long endCap = shift.getLatestEnd();
        if (v.hasDeadline()) {
            endCap = Math.min(endCap, v.getDeadline());
        }
        List<long[]> segments = new ArrayList<>();
        if (v.isZoneRestrictedIn(shift)) {
            for (ZoneSegment seg : shift.getZoneSegments()) {
                if (v.getZones().contains(seg.zone())) {
                    segments.add(new long[] {seg.start(), seg.end()});
                }
            }
        } else {
            segments.add(new long[] {Long.MIN_VALUE / 4, Long.MAX_VALUE / 4});
        }
        List<TimeWindow> windows = v.getTimeWindows().isEmpty()
                ? List.of(new TimeWindow(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4)) : v.getTimeWindows();
        long earliest = Long.MAX_VALUE;
        long latestEnd = Long.MIN_VALUE;
        for (long[] seg : segments) {
            for (TimeWindow w : windows) {
                long lo = Math.max(Math.max(from, seg[0]), w.start());
                long hi = Math.min(w.end(), Math.min(seg[1], endCap) - dur);
                if (lo <= hi) {
                    earliest = Math.min(earliest, lo);
                    latestEnd = Math.max(latestEnd, hi + dur);
                }
            }
        }
        return earliest == Long.MAX_VALUE ? null : new Option(s, earliest, latestEnd);
    }

    /** The bound for a replan problem built at {@code now} (seconds since the plan's origin). */
    public static Result of(FieldPlan problem, long now) {
        return new UnassignedBound(problem, now).compute();
    }

    private Result compute() {
        List<String> noOption = new ArrayList<>();
        // the distinct sets of shifts that can serve some visit
        Map<BitSet, List<Integer>> bySet = new LinkedHashMap<>();
        for (int i = 0; i < visits.size(); i++) {
            if (options.get(i).isEmpty()) {
                noOption.add(visits.get(i).getId());
                continue;
            }
            bySet.computeIfAbsent(shiftSet(i), k -> new ArrayList<>()).add(i);
        }
        // cut times: where windows and zone segments open and close, and now (not every option's own times: the
        // shifts' free times differ by minutes, and boxes cut there add little)
        TreeSet<Long> thresholds = new TreeSet<>();
        TreeSet<Long> ends = new TreeSet<>();
        for (int i = 0; i < visits.size(); i++) {
            for (TimeWindow w : visits.get(i).getTimeWindows()) {
                thresholds.add(w.start());
                ends.add(w.end() + visits.get(i).getServiceDuration());
            }
        }
        for (Shift shift : shifts) {
            for (ZoneSegment seg : shift.getZoneSegments()) {
                thresholds.add(seg.start());
                ends.add(seg.end());
            }
        }
        List<long[]> cuts = new ArrayList<>();
        cuts.add(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
        thresholds.forEach(t -> cuts.add(new long[] {t, Long.MAX_VALUE}));
        ends.forEach(t -> cuts.add(new long[] {Long.MIN_VALUE, t}));
        // a box's seed: the visits of one zone set (or any) whose shifts are among a set S and whose options lie in a
        // cut; the box is the hull of their options per shift, and every visit with all options inside it is forced
        Map<Set<?>, List<Integer>> byZones = new LinkedHashMap<>();
        byZones.put(null, new ArrayList<>());
        for (int i = 0; i < visits.size(); i++) {
            if (!options.get(i).isEmpty()) {
                byZones.get(null).add(i);
                byZones.computeIfAbsent(visits.get(i).getZones(), k -> new ArrayList<>()).add(i);
            }
        }
        BitSet[] sets = new BitSet[visits.size()];
        for (int i = 0; i < visits.size(); i++) {
            sets[i] = shiftSet(i);
        }
        List<Box> candidates = new ArrayList<>();
        List<Box> loose = new ArrayList<>();
        List<long[][]> candidateIntervals = new ArrayList<>();
        Set<String> evaluated = new HashSet<>();
        for (BitSet set : bySet.keySet()) {
            for (List<Integer> group : byZones.values()) {
                for (long[] cut : cuts) {
                    long[][] iv = new long[shifts.size()][];
                    boolean any = false;
                    for (int i : group) {
                        if (!contains(set, sets[i])) {
                            continue;
                        }
                        List<Option> opts = options.get(i);
                        boolean inCut = true;
                        for (Option o : opts) {
                            inCut &= o.earliest() >= cut[0] && o.latestEnd() <= cut[1];
                        }
                        if (!inCut) {
                            continue;
                        }
                        any = true;
                        for (Option o : opts) {
                            long[] cur = iv[o.shift()];
                            iv[o.shift()] = cur == null ? new long[] {o.earliest(), o.latestEnd()}
                                    : new long[] {Math.min(cur[0], o.earliest()), Math.max(cur[1], o.latestEnd())};
                        }
                    }
                    if (!any || !evaluated.add(Arrays.deepToString(iv))) {
                        continue;
                    }
                    Box box = evaluate(iv);
                    if (box.mustDrop() > 0) {
                        candidates.add(box);
                        candidateIntervals.add(iv);
                    } else if (box.forced() > 0) {
                        loose.add(box);
                    }
                }
            }
        }
        // greedy packing of boxes that share no shift time, the most drops first (then the smallest box)
        Integer[] order = new Integer[candidates.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -candidates.get(i).mustDrop())
                .thenComparingLong(i -> candidates.get(i).capacitySeconds()));
        List<Box> chosen = new ArrayList<>();
        List<long[][]> taken = new ArrayList<>();
        int bound = noOption.size();
        for (int i : order) {
            long[][] iv = candidateIntervals.get(i);
            boolean disjoint = true;
            for (long[][] t : taken) {
                disjoint &= disjoint(iv, t);
            }
            if (disjoint) {
                taken.add(iv);
                chosen.add(candidates.get(i));
                bound += candidates.get(i).mustDrop();
            }
        }
        // the boxes closest to forcing a visit out (for a reader asking why the bound is what it is)
        loose.sort(Comparator.comparingDouble(b -> -(double) b.needSeconds() / Math.max(1, b.capacitySeconds())));
        List<Box> tightest = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Box b : loose) {
            if (tightest.size() < 3 && seen.add(b.intervals().keySet().toString())) {
                tightest.add(b);
            }
        }
        return new Result(bound, noOption, chosen, visits.size(), List.copyOf(tightest));
    }

    private BitSet shiftSet(int visit) {
        BitSet set = new BitSet(shifts.size());
        options.get(visit).forEach(o -> set.set(o.shift()));
        return set;
    }

    private static boolean contains(BitSet outer, BitSet inner) {
        BitSet rest = (BitSet) inner.clone();
        rest.andNot(outer);
        return rest.isEmpty();
    }

    private static boolean disjoint(long[][] x, long[][] y) {
        for (int s = 0; s < x.length; s++) {
            if (x[s] != null && y[s] != null && x[s][0] < y[s][1] && y[s][0] < x[s][1]) {
                return false;
            }
        }
        return true;
    }

    /** The visits forced into the box {@code iv} (per shift an interval or null), their need and the box's capacity. */
    private Box evaluate(long[][] iv) {
        List<Long> needs = new ArrayList<>();
        List<Long> needsOut = new ArrayList<>();
        List<Long> needsMean = new ArrayList<>();
        List<Integer> forcedVisits = new ArrayList<>();
        long maxTravel = 0;
        long maxOut = 0;
        for (int i = 0; i < visits.size(); i++) {
            List<Option> opts = options.get(i);
            if (opts.isEmpty()) {
                continue;
            }
            boolean inside = true;
            for (Option o : opts) {
                long[] box = iv[o.shift()];
                inside &= box != null && o.earliest() >= box[0] && o.latestEnd() <= box[1];
            }
            if (inside) {
                long service = visits.get(i).getServiceDuration();
                forcedVisits.add(i);
                needs.add(need[i]);
                needsOut.add(service + leastOut[i]);
                needsMean.add(2 * service + leastTravel[i] + leastOut[i]);
                maxTravel = Math.max(maxTravel, leastTravel[i]);
                maxOut = Math.max(maxOut, leastOut[i]);
            }
        }
        long capacity = 0;
        long capacityOut = 0;
        Map<String, long[]> intervals = new LinkedHashMap<>();
        for (int s = 0; s < iv.length; s++) {
            if (iv[s] != null) {
                capacity += capacity(s, iv[s][0], iv[s][1], maxTravel);
                capacityOut += capacityOut(s, iv[s][0], iv[s][1], maxOut);
                intervals.put(shifts.get(s).getId(), iv[s]);
            }
        }
        // three valid counts (each a constraint every served set obeys); the highest is the box's (on a tie: in first)
        int dropIn = mustDrop(needs, capacity);
        int dropOut = mustDrop(needsOut, capacityOut);
        int dropMean = mustDrop(needsMean, capacity + capacityOut);
        // whole visits per shift (point 6 of the class comment): each shift serves at most as many of the forced visits
        // it could serve as fit its own capacities, smallest first
        int perShift = 0;
        for (int s = 0; s < iv.length; s++) {
            if (iv[s] == null) {
                continue;
            }
            List<Long> in = new ArrayList<>();
            List<Long> out = new ArrayList<>();
            List<Long> mean = new ArrayList<>();
            for (int k = 0; k < forcedVisits.size(); k++) {
                int i = forcedVisits.get(k);
                for (Option o : options.get(i)) {
                    if (o.shift() == s) {
                        in.add(needs.get(k));
                        out.add(needsOut.get(k));
                        mean.add(needsMean.get(k));
                    }
                }
            }
            long capIn = capacity(s, iv[s][0], iv[s][1], maxTravel);
            long capOut = capacityOut(s, iv[s][0], iv[s][1], maxOut);
            int fit = in.size() - Math.max(mustDrop(in, capIn), Math.max(mustDrop(out, capOut), mustDrop(mean, capIn + capOut)));
            perShift += fit;
        }
        int dropPerShift = forcedVisits.size() - perShift;
        if (dropPerShift > Math.max(dropIn, Math.max(dropOut, dropMean))) {
            return new Box(intervals, needs.size(), sum(needs), capacity, dropPerShift, Legs.PER_SHIFT);
        }
        // the legs in from distinct places (point 5 of the class comment), only where the box is nearly full: a matching
        // per box costs more than the sums, and a box far from full cannot force a visit out this way either
        if (!forcedVisits.isEmpty() && sum(needs) * 10 >= capacity * 8) {
            long[] edgeCap = {0};
            long[][] matched = matchedDrop(forcedVisits, iv, edgeCap);
            long capacityMatched = 0;
            for (int s = 0; s < iv.length; s++) {
                if (iv[s] != null) {
                    capacityMatched += capacity(s, iv[s][0], iv[s][1], edgeCap[0]);
                }
            }
            int served = servedWithin(matched[0], capacityMatched);
            int dropMatched = forcedVisits.size() - served;
            if (dropMatched > Math.max(dropIn, Math.max(dropOut, dropMean))) {
                long all = matched[0].length == 0 ? 0 : matched[0][matched[0].length - 1];
                return new Box(intervals, needs.size(), all, capacityMatched, dropMatched, Legs.MATCHED);
            }
        }
        if (dropOut > dropIn && dropOut >= dropMean) {
            return new Box(intervals, needs.size(), sum(needsOut), capacityOut, dropOut, Legs.OUT);
        }
        if (dropMean > dropIn && dropMean > dropOut) {
            // reported halved: service + (in + out) / 2 against the mean of the two capacities
            return new Box(intervals, needs.size(), sum(needsMean) / 2, (capacity + capacityOut) / 2, dropMean, Legs.MEAN);
        }
        return new Box(intervals, needs.size(), sum(needs), capacity, dropIn, Legs.IN);
    }

    /** How many visits the cumulative least costs {@code g} (g[k-1] for k visits) let fit in {@code capacity}. */
    private static int servedWithin(long[] g, long capacity) {
        int k = 0;
        while (k < g.length && g[k] <= capacity) {
            k++;
        }
        return k;
    }

    /**
     * The least total {@code service + leg in} of k of the {@code forced} visits when each leg in comes from a distinct
     * place (point 5 of the class comment): for k = 1, 2, ... as far as the visits can be matched, in {@code [0]} (a
     * min-cost matching grown by shortest augmenting paths, so each entry is the least for that many). Places: each
     * shift's position (last pinned stop or start), and each free visit that a shift of the forced visit could serve
     * and that can end before the forced visit's latest start there; a place precedes at most one visit.
     * {@code maxEdge[0]} is set to the longest leg offered (for the first-leg credit).
     */
    private long[][] matchedDrop(List<Integer> forced, long[][] iv, long[] maxEdge) {
        int f = forced.size();
        // places: shift positions as -(s + 1), free visits as their index
        Map<Integer, Integer> placeNumber = new LinkedHashMap<>();
        List<Map<Integer, Long>> edges = new ArrayList<>(); // per forced visit: place number -> least leg
        for (int k = 0; k < f; k++) {
            int i = forced.get(k);
            Visit v = visits.get(i);
            int to = v.getLocationIndex();
            Map<Integer, Long> in = new LinkedHashMap<>();
            for (Option o : options.get(i)) {
                int s = o.shift();
                long leg = legOrMax(matrix, position[s], to);
                if (leg != Long.MAX_VALUE) {
                    in.merge(placeNumber.computeIfAbsent(-(s + 1), x -> placeNumber.size()), leg, Math::min);
                }
                long latestStart = o.latestEnd() - v.getServiceDuration();
                for (int u : servable.get(s)) {
                    if (u == i) {
                        continue;
                    }
                    Option ou = optionIn(u, s);
                    if (ou.earliest() + visits.get(u).getServiceDuration() <= latestStart) {
                        long l = legOrMax(matrix, visits.get(u).getLocationIndex(), to);
                        if (l != Long.MAX_VALUE) {
                            in.merge(placeNumber.computeIfAbsent(u, x -> placeNumber.size()), l, Math::min);
                        }
                    }
                }
            }
            edges.add(in);
        }
        int p = placeNumber.size();
        // nodes: 0 source, 1..p places, p+1..p+f visits, p+f+1 sink; unit capacities
        int n = p + f + 2;
        int sink = n - 1;
        List<int[]> to = new ArrayList<>();
        List<Long> cost = new ArrayList<>();
        List<List<Integer>> adj = new ArrayList<>();
        for (int x = 0; x < n; x++) {
            adj.add(new ArrayList<>());
        }
        int[] capacity = new int[0];
        List<Integer> caps = new ArrayList<>();
        // edge e and its reverse e ^ 1
        java.util.function.BiConsumer<int[], Long> add = (ends, c) -> {
            adj.get(ends[0]).add(to.size());
            to.add(new int[] {ends[1]});
            cost.add(c);
            caps.add(1);
            adj.get(ends[1]).add(to.size());
            to.add(new int[] {ends[0]});
            cost.add(-c);
            caps.add(0);
        };
        for (int x = 0; x < p; x++) {
            add.accept(new int[] {0, 1 + x}, 0L);
        }
        long longest = 0;
        for (int k = 0; k < f; k++) {
            long service = visits.get(forced.get(k)).getServiceDuration();
            for (Map.Entry<Integer, Long> e : edges.get(k).entrySet()) {
                add.accept(new int[] {1 + e.getKey(), 1 + p + k}, service + e.getValue());
                longest = Math.max(longest, e.getValue());
            }
            add.accept(new int[] {1 + p + k, sink}, 0L);
        }
        maxEdge[0] = longest;
        capacity = caps.stream().mapToInt(Integer::intValue).toArray();
        int m = capacity.length;
        int[] head = new int[m];
        long[] c = new long[m];
        for (int e = 0; e < m; e++) {
            head[e] = to.get(e)[0];
            c[e] = cost.get(e);
        }
        long[] potential = new long[n];
        List<Long> totals = new ArrayList<>();
        long total = 0;
        long[] dist = new long[n];
        int[] via = new int[n];
        boolean[] done = new boolean[n];
        for (int round = 0; round < f; round++) {
            Arrays.fill(dist, Long.MAX_VALUE);
            Arrays.fill(via, -1);
            Arrays.fill(done, false);
            dist[0] = 0;
            // Dijkstra on reduced costs (non-negative with the potentials of the last round)
            for (int iter = 0; iter < n; iter++) {
                int u = -1;
                for (int x = 0; x < n; x++) {
                    if (!done[x] && dist[x] != Long.MAX_VALUE && (u < 0 || dist[x] < dist[u])) {
                        u = x;
                    }
                }
                if (u < 0) {
                    break;
                }
                done[u] = true;
                for (int e : adj.get(u)) {
                    if (capacity[e] > 0) {
                        long d = dist[u] + c[e] + potential[u] - potential[head[e]];
                        if (d < dist[head[e]]) {
                            dist[head[e]] = d;
                            via[head[e]] = e;
                        }
                    }
                }
            }
            if (dist[sink] == Long.MAX_VALUE) {
                break;
            }
            for (int x = 0; x < n; x++) {
                if (dist[x] != Long.MAX_VALUE) {
                    potential[x] += dist[x];
                }
            }
            for (int x = sink; x != 0; x = head[via[x] ^ 1]) {
                capacity[via[x]]--;
                capacity[via[x] ^ 1]++;
                total += c[via[x]];
            }
            totals.add(total);
        }
        return new long[][] {totals.stream().mapToLong(Long::longValue).toArray()};
    }

    /** The fewest of {@code needs} to leave out so that the rest fit in {@code capacity}: the largest go first. */
    private static int mustDrop(List<Long> needs, long capacity) {
        List<Long> sorted = new ArrayList<>(needs);
        sorted.sort(null);
        long total = 0;
        int fit = 0;
        for (long x : sorted) {
            if (total + x > capacity) {
                break;
            }
            total += x;
            fit++;
        }
        return sorted.size() - fit;
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    /**
     * What shift {@code s} can give visits served inside {@code [a, b]}: service and the legs into them, all but the
     * first of which lie in the interval (point 3 of the class comment).
     */
    long capacity(int s, long a, long b, long maxTravel) {
        Shift shift = shifts.get(s);
        long credit = Math.min(maxTravel, Math.max(0, a - free[s]));
        // the way home lies after every service and ends by the latest end: inside the interval when it reaches that far
        long home = b >= shift.getLatestEnd() ? leastReturn[s] : 0;
        return Math.max(0, span(s, a, b) - home) + credit;
    }

    /**
     * What shift {@code s} can give visits served inside {@code [a, b]} counted with the legs out of them: every such
     * leg but the last visit's ends by that visit's start, so lies in the interval; the last one too when the interval
     * reaches the latest end (it ends at the next stop or home, by the latest end), else it may reach past {@code b}:
     * at most {@code maxOut} of it is credited (point 3 of the class comment).
     */
    long capacityOut(int s, long a, long b, long maxOut) {
        return span(s, a, b) + (b >= shifts.get(s).getLatestEnd() ? 0 : maxOut);
    }

    /**
     * The time shift {@code s} has inside {@code [a, b]} (from its free time, to its latest end), less the breaks the
     * route must take there: the most over how many pending breaks it takes (one it does not take, it is home before).
     */
    private long span(int s, long a, long b) {
        Shift shift = shifts.get(s);
        long from = Math.max(a, free[s]);
        long to = Math.min(b, shift.getLatestEnd());
        List<ShiftBreak> breaks = shift.getBreaks();
        long best = 0;
        long taken = 0;
        // k = how many of the pending breaks the route takes; the route is home before break k+1's earliest start
        for (int k = breaksTaken[s]; k <= breaks.size(); k++) {
            if (k > breaksTaken[s]) {
                ShiftBreak b2 = breaks.get(k - 1);
                if (b2.earliestStart() >= from && b2.latestEnd() <= to) {
                    taken += b2.duration();
                }
            }
            long end = k < breaks.size() ? Math.min(to, breaks.get(k).earliestStart()) : to;
            best = Math.max(best, end - from - taken);
        }
        return best;
    }

    /** hh:mm of seconds since the plan's origin (the day's clock). */
    static String clock(long seconds) {
        long m = Math.floorMod(seconds, 86_400L) / 60;
        return String.format("%02d:%02d", m / 60, m % 60);
    }
}
