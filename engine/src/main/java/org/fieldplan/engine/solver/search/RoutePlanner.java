package org.fieldplan.engine.solver.search;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.fieldplan.engine.domain.RouteClock;

/**
 * A scratch copy of every route as visit numbers, with the times the insertion checks need: for each
 * position the earliest departure (forward pass) and the latest start that keeps the rest of the route
 * feasible (backward pass). An insertion is then checked in O(1): its own window, the latest start of
 * the visit after it (or the shift's latest end), the shift's capacity and the visit's compatibility.
 * <p>
 * It is an estimator of the hard rules that matter most for routing (windows, shift end, capacity,
 * skills, zones served, deadlines); breaks and the exact zone-segment timing are left to Timefold's score,
 * which judges every move this planner proposes.
 */
final class RoutePlanner {

    /** No feasible position found. */
    static final long NONE = Long.MAX_VALUE;

    private final SearchModel model;
    final int[][] route;
    final int[] length;
    final int[] pinned;
    private final long[][] departure;
    private final long[][] latestStartAt;
    /** leg[s][p]: the travel of the leg an insertion at position p replaces (from the place before p to the one at p). */
    private final int[][] leg;
    private final long[] load;
    /**
     * Exact timings of the routes of shifts with breaks or zone segments (null for the others): for the visit at
     * position i, {@code exact[s][4i..4i+3]} are its ready time, service start, departure and the number of breaks taken
     * up to it, as the engine's {@link RouteClock} times it ({@link #clock}: the same arithmetic on primitive arrays; a
     * {@code VisitTiming} per visit per re-timing and per exact check was a sixth of the travel search, JFR 2026-12-06).
     */
    private final long[][] exact;
    /** shiftOf[v]: the shift of visit v in this scratch copy, or -1. */
    final int[] shiftOf;
    /**
     * place[s][p]: the matrix index of the place before insertion position p, so that position p lies between
     * place[s][p] and place[s][p + 1] (the shift's start, the route's visits, the shift's end): the insertion search
     * reads both ends of a position from one array instead of through the route and the visits' locations.
     */
    private final int[][] place;
    /** The shifts changed since this planner was copied or last {@link #resetTo reset} (copy-on-write bookkeeping). */
    private final boolean[] dirty;
    private final int[] dirtyShifts;
    private int dirtyCount;
    /** The empty routes' shifts, ascending, in the first {@link #emptyCount} entries (the recreate offers each). */
    private final int[] empty;
    private int emptyCount;

    // result of the last bestInsertion call
    int bestShift;
    int bestPosition;

    RoutePlanner(SearchModel model, int[][] routes, int[] pinnedCounts) {
        this.model = model;
        int m = model.shiftCount();
        int n = model.visitCount();
        route = new int[m][];
        length = new int[m];
        pinned = pinnedCounts.clone();
        departure = new long[m][];
        latestStartAt = new long[m][];
        leg = new int[m][];
        load = new long[m];
        exact = new long[m][];
        place = new int[m][];
        dirty = new boolean[m];
        dirtyShifts = new int[m];
        empty = new int[m];
        shiftOf = new int[n];
        Arrays.fill(shiftOf, -1);
        for (int s = 0; s < m; s++) {
            int cap = Math.max(8, routes[s].length * 2);
            route[s] = Arrays.copyOf(routes[s], cap);
            length[s] = routes[s].length;
            if (length[s] == 0) {
                empty[emptyCount++] = s;
            }
            departure[s] = new long[cap];
            latestStartAt[s] = new long[cap + 1];
            leg[s] = new int[cap + 1];
            place[s] = new int[cap + 2];
            if (model.exactTiming[s]) {
                exact[s] = new long[4 * cap];
            }
            for (int i = 0; i < length[s]; i++) {
                shiftOf[route[s][i]] = s;
            }
            update(s);
        }
    }

    /** A copy of {@code other} that can be changed independently. */
    RoutePlanner(RoutePlanner other) {
        this.model = other.model;
        int m = other.route.length;
        route = new int[m][];
        departure = new long[m][];
        latestStartAt = new long[m][];
        leg = new int[m][];
        place = new int[m][];
        for (int s = 0; s < m; s++) {
            route[s] = other.route[s].clone();
            departure[s] = other.departure[s].clone();
            latestStartAt[s] = other.latestStartAt[s].clone();
            leg[s] = other.leg[s].clone();
            place[s] = other.place[s].clone();
        }
        dirty = new boolean[m];
        dirtyShifts = new int[m];
        empty = other.empty.clone();
        emptyCount = other.emptyCount;
        exact = new long[m][];
        for (int s = 0; s < m; s++) {
            if (other.exact[s] != null) {
                exact[s] = other.exact[s].clone();
            }
        }
        length = other.length.clone();
        pinned = other.pinned.clone();
        load = other.load.clone();
        shiftOf = other.shiftOf.clone();
    }

    /**
     * Makes this planner equal to {@code base} again, of which it was a copy ({@link #RoutePlanner(RoutePlanner)}) or
     * to which it was last reset, by copying back only the shifts changed since then: a ruin-and-recreate attempt
     * costs what it touches, not a copy of every route.
     */
    void resetTo(RoutePlanner base) {
        for (int k = 0; k < dirtyCount; k++) {
            int s = dirtyShifts[k];
            dirty[s] = false;
            int[] mine = route[s];
            for (int i = 0, len = length[s]; i < len; i++) {
                shiftOf[mine[i]] = base.shiftOf[mine[i]];
            }
            copyShift(base, s);
            int[] theirs = base.route[s];
            for (int i = 0, len = base.length[s]; i < len; i++) {
                shiftOf[theirs[i]] = s;
            }
        }
        dirtyCount = 0;
        System.arraycopy(base.empty, 0, empty, 0, base.emptyCount);
        emptyCount = base.emptyCount;
    }

    /**
     * After this planner's copy {@code scratch} was changed and taken as the new plan: makes this planner the scratch
     * copy of {@code scratch} (the shifts in which the two differ are the ones {@code scratch} changed, so the next
     * {@link #resetTo} copies only those), and starts {@code scratch}'s own bookkeeping afresh.
     */
    void becomeScratchOf(RoutePlanner scratch) {
        for (int k = 0; k < scratch.dirtyCount; k++) {
            markDirty(scratch.dirtyShifts[k]);
        }
        scratch.clearDirty();
    }

    /** The shifts changed since the last copy or reset, in the order they were first changed. */
    int[] changedShifts() {
        return Arrays.copyOf(dirtyShifts, dirtyCount);
    }

    private void clearDirty() {
        for (int k = 0; k < dirtyCount; k++) {
            dirty[dirtyShifts[k]] = false;
        }
        dirtyCount = 0;
    }

    private void markDirty(int s) {
        if (!dirty[s]) {
            dirty[s] = true;
            dirtyShifts[dirtyCount++] = s;
        }
    }

    /** Shift {@code s}'s route, times and load as in {@code base} (reusing this planner's arrays when they fit). */
    private void copyShift(RoutePlanner base, int s) {
        if (route[s].length != base.route[s].length) {
            route[s] = base.route[s].clone();
            departure[s] = base.departure[s].clone();
            latestStartAt[s] = base.latestStartAt[s].clone();
            leg[s] = base.leg[s].clone();
            place[s] = base.place[s].clone();
            if (exact[s] != null) {
                exact[s] = base.exact[s].clone();
            }
        } else {
            int len = base.length[s];
            System.arraycopy(base.route[s], 0, route[s], 0, len);
            System.arraycopy(base.departure[s], 0, departure[s], 0, len);
            System.arraycopy(base.latestStartAt[s], 0, latestStartAt[s], 0, len + 1);
            System.arraycopy(base.leg[s], 0, leg[s], 0, len + 1);
            System.arraycopy(base.place[s], 0, place[s], 0, len + 2);
            if (exact[s] != null) {
                System.arraycopy(base.exact[s], 0, exact[s], 0, 4 * len);
            }
        }
        length[s] = base.length[s];
        load[s] = base.load[s];
    }

    /** Whether shift {@code s}'s route holds exactly {@code visits} (no copy made). */
    boolean routeEquals(int s, int[] visits) {
        int len = length[s];
        if (visits.length != len) {
            return false;
        }
        int[] r = route[s];
        for (int i = 0; i < len; i++) {
            if (r[i] != visits[i]) {
                return false;
            }
        }
        return true;
    }

    /** How many routes are empty. */
    int emptyRoutes() {
        return emptyCount;
    }

    /** The shift of the {@code k}-th empty route, in ascending order of shifts. */
    int emptyRoute(int k) {
        return empty[k];
    }

    /** Sets shift {@code s}'s route length, keeping the count of empty routes. */
    private void setLength(int s, int len) {
        if (length[s] == 0 && len != 0) {
            int k = Arrays.binarySearch(empty, 0, emptyCount, s);
            System.arraycopy(empty, k + 1, empty, k, emptyCount - k - 1);
            emptyCount--;
        } else if (length[s] != 0 && len == 0) {
            int k = -Arrays.binarySearch(empty, 0, emptyCount, s) - 1;
            System.arraycopy(empty, k, empty, k + 1, emptyCount - k);
            empty[k] = s;
            emptyCount++;
        }
        length[s] = len;
        markDirty(s);
    }

    /** Recomputes the times and the load of shift {@code s} after its route changed. */
    void update(int s) {
        int len = length[s];
        int[] r = route[s];
        long sumLoad = 0;
        for (int i = 0; i < len; i++) {
            sumLoad += model.demand[r[i]];
        }
        load[s] = sumLoad;
        place[s][0] = model.shiftStartLocation[s];
        retime(s, 0, len);
    }

    /**
     * Re-times shift {@code s} after its route changed at positions {@code [from, to)} (the new visits; {@code from ==
     * to} after a removal): the visits before {@code from} are as before, so their departures and exact timings stand;
     * the visits from {@code to} on are the old ones, moved into place by the caller together with their times and
     * places, and each still has its old successor. The forward passes start at {@code from} and stop at the first old
     * visit whose times come out as before (from there on the route runs as before); the backward pass (latest starts)
     * starts at the last changed position, reads a leg only where a visit got a new successor, and stops at the first
     * position before the change whose latest start comes out as before (the legs before it are unchanged). A change re-times what it changes (the forward
     * pass to the route's end and the backward pass over the whole route, with a leg read per visit, were most of the
     * re-timing, JFR, issue 12 third round).
     */
    private void retime(int s, int from, int to) {
        int len = length[s];
        int[] r = route[s];
        long[] dep = departure[s];
        long time = from == 0 ? model.shiftStart[s] : dep[from - 1];
        int loc = from == 0 ? model.shiftStartLocation[s] : model.visitLocation[r[from - 1]];
        int[] places = place[s];
        places[len + 1] = model.shiftEndLocation[s];
        for (int i = from; i < len; i++) {
            int v = r[i];
            int vl = model.visitLocation[v];
            long arrival = time + model.travel(loc, vl);
            long start = model.earliestStart(v, s, arrival);
            time = start + model.service[v];
            if (i >= to && dep[i] == time) {
                break; // an old visit leaving as before: the rest as before
            }
            places[i + 1] = vl;
            dep[i] = time;
            loc = vl;
        }
        long[] ex = exact[s];
        if (ex != null) {
            long previousDeparture = from == 0 ? model.shiftStart[s] : ex[4 * from - 2];
            int previousPlace = from == 0 ? model.shiftStartLocation[s] : model.visitLocation[r[from - 1]];
            int previousBreaks = from == 0 ? 0 : (int) ex[4 * from - 1];
            for (int i = from; i < len; i++) {
                int v = r[i];
                clock(s, v, previousDeparture, previousPlace, previousBreaks);
                ex[4 * i] = clockReady;
                if (i >= to && ex[4 * i + 1] == clockStart && ex[4 * i + 2] == clockDeparture
                        && ex[4 * i + 3] == clockBreaks) {
                    break; // an old visit timed as before (its ready time may differ): the rest as before
                }
                ex[4 * i + 1] = clockStart;
                ex[4 * i + 2] = clockDeparture;
                ex[4 * i + 3] = clockBreaks;
                previousDeparture = clockDeparture;
                previousPlace = model.visitLocation[v];
                previousBreaks = clockBreaks;
            }
        }
        long[] latest = latestStartAt[s];
        int[] legs = leg[s];
        latest[len] = model.shiftLatestEnd[s];
        // places[i + 2] is the place after position i (the next visit's, or the shift's end)
        for (int i = to - 1; i >= 0; i--) {
            int v = r[i];
            int out;
            if (i >= from - 1) {
                out = model.travel(model.visitLocation[v], places[i + 2]); // a new successor (or a new visit)
                legs[i + 1] = out;
            } else {
                out = legs[i + 1];
            }
            long limit = Math.min(model.latestStart[v], latest[i + 1] - out - model.service[v]);
            if (i < from && latest[i] == limit) {
                break; // a visit before the change with its latest start as before: so are those before it
            }
            latest[i] = limit;
        }
        if (from == 0) {
            legs[0] = model.travel(model.shiftStartLocation[s], places[1]);
        }
    }

    int size(int s) {
        return length[s];
    }

    /** The position of visit {@code v} in shift {@code s}'s route, or -1. */
    int indexOf(int s, int v) {
        int[] r = route[s];
        for (int i = 0, n = length[s]; i < n; i++) {
            if (r[i] == v) {
                return i;
            }
        }
        return -1;
    }

    int visitAt(int s, int i) {
        return route[s][i];
    }

    /** Removes the {@code count} visits from position {@code from} of shift {@code s} (beyond the pinned prefix). */
    void removeRange(int s, int from, int count) {
        if (from < pinned[s]) {
            throw new IllegalStateException("Cannot remove pinned visits of shift " + model.shifts.get(s).getId());
        }
        int[] r = route[s];
        int len = length[s];
        long removedLoad = 0;
        for (int i = from; i < from + count; i++) {
            shiftOf[r[i]] = -1;
            removedLoad += model.demand[r[i]];
        }
        int tail = len - from - count; // the visits after the removed ones move up with their times
        System.arraycopy(r, from + count, r, from, tail);
        System.arraycopy(departure[s], from + count, departure[s], from, tail);
        if (exact[s] != null) {
            System.arraycopy(exact[s], 4 * (from + count), exact[s], 4 * from, 4 * tail);
        }
        System.arraycopy(place[s], from + count + 1, place[s], from + 1, tail + 1);
        System.arraycopy(latestStartAt[s], from + count, latestStartAt[s], from, tail + 1);
        System.arraycopy(leg[s], from + count + 1, leg[s], from + 1, tail);
        load[s] -= removedLoad;
        setLength(s, len - count);
        retime(s, from, from);
    }

    /** Replaces shift {@code s}'s whole route (used to bring a snapshot up to date). */
    void replaceRoute(int s, int[] visits) {
        for (int i = 0; i < length[s]; i++) {
            if (shiftOf[route[s][i]] == s) {
                shiftOf[route[s][i]] = -1;
            }
        }
        if (visits.length > route[s].length) {
            int cap = visits.length * 2;
            route[s] = new int[cap];
            departure[s] = new long[cap];
            latestStartAt[s] = new long[cap + 1];
            leg[s] = new int[cap + 1];
            place[s] = new int[cap + 2];
            if (exact[s] != null) {
                exact[s] = new long[4 * cap];
            }
        }
        System.arraycopy(visits, 0, route[s], 0, visits.length);
        setLength(s, visits.length);
        for (int v : visits) {
            shiftOf[v] = s;
        }
        update(s);
    }

    void insert(int v, int s, int position) {
        int len = length[s];
        boolean grown = len + 1 > route[s].length;
        if (grown) {
            int cap = route[s].length * 2;
            route[s] = Arrays.copyOf(route[s], cap);
            departure[s] = new long[cap];
            latestStartAt[s] = new long[cap + 1];
            leg[s] = new int[cap + 1];
            place[s] = new int[cap + 2];
            if (exact[s] != null) {
                exact[s] = new long[4 * cap];
            }
        }
        int[] r = route[s];
        System.arraycopy(r, position, r, position + 1, len - position);
        r[position] = v;
        setLength(s, len + 1);
        shiftOf[v] = s;
        if (grown) {
            update(s); // the time arrays are new
            return;
        }
        // the visits after the new one move down with their times
        int tail = len - position;
        System.arraycopy(departure[s], position, departure[s], position + 1, tail);
        if (exact[s] != null) {
            System.arraycopy(exact[s], 4 * position, exact[s], 4 * position + 4, 4 * tail);
        }
        System.arraycopy(place[s], position + 1, place[s], position + 2, tail + 1);
        System.arraycopy(latestStartAt[s], position, latestStartAt[s], position + 1, tail + 1);
        System.arraycopy(leg[s], position + 1, leg[s], position + 2, tail);
        place[s][position + 1] = model.visitLocation[v];
        load[s] += model.demand[v];
        retime(s, position, position + 1);
    }

    /**
     * Extra travel of inserting visit {@code v} at {@code position} of shift {@code s}, or {@link #NONE}
     * when the estimator sees a broken rule.
     */
    long insertionCost(int v, int s, int position) {
        if (!model.compatible(v, s) || load[s] + model.demand[v] > model.shiftCapacity[s]) {
            return NONE;
        }
        return timedInsertionCost(v, s, position);
    }

    /** Extra travel of putting {@code v} at {@code position} of shift {@code s} (no rule checked). */
    private long travelDelta(int v, int s, int position) {
        int vl = model.visitLocation[v];
        int[] r = route[s];
        int prevLoc = position == 0 ? model.shiftStartLocation[s] : model.visitLocation[r[position - 1]];
        int nextLoc = position == length[s] ? model.shiftEndLocation[s] : model.visitLocation[r[position]];
        return (long) model.travel(prevLoc, vl) + model.travel(vl, nextLoc) - model.travel(prevLoc, nextLoc);
    }

    /** {@link #insertionCost} without the compatibility and capacity checks (done once per shift by the caller). */
    private long timedInsertionCost(int v, int s, int position) {
        if (!feasibleIgnoringBreaks(v, s, position)) {
            return NONE;
        }
        if (exact[s] != null && !feasibleExactly(v, s, position)) {
            return NONE;
        }
        return travelDelta(v, s, position);
    }

    /**
     * The O(1) check: the visit's own window and the latest start of the visit after it (or the shift's
     * latest end). Breaks and the ends of zone segments only make a route later, so when this fails the
     * exact check fails too.
     */
    private boolean feasibleIgnoringBreaks(int v, int s, int position) {
        int vl = model.visitLocation[v];
        int prevLoc = position == 0 ? model.shiftStartLocation[s] : model.visitLocation[route[s][position - 1]];
        long prevDep = position == 0 ? model.shiftStart[s] : departure[s][position - 1];
        int nextLoc = position == length[s] ? model.shiftEndLocation[s] : model.visitLocation[route[s][position]];
        long start = model.earliestStart(v, s, prevDep + model.travel(prevLoc, vl));
        if (start > model.latestStart[v]) {
            return false;
        }
        return start + model.service[v] + model.travel(vl, nextLoc) <= latestStartAt[s][position];
    }

    /**
     * The exact check for shifts with breaks or zone segments: times the visit and the rest of the route as the
     * engine's {@link RouteClock} would ({@link #clock}), stopping as soon as the times match the current ones again:
     * every visit from the new one on must keep its window, deadline and zone segment with a reachable leg and no
     * break late, and the way home must be reachable, end by the shift's latest end and take its breaks on time.
     */
    boolean feasibleExactly(int v, int s, int position) {
        long[] ex = exact[s];
        int[] r = route[s];
        int len = length[s];
        long previousDeparture = position == 0 ? model.shiftStart[s] : ex[4 * position - 2];
        int previousPlace = position == 0 ? model.shiftStartLocation[s] : model.visitLocation[r[position - 1]];
        int previousBreaks = position == 0 ? 0 : (int) ex[4 * position - 1];
        clock(s, v, previousDeparture, previousPlace, previousBreaks);
        if (!clockLegal || !model.startAllowed(v, s, clockStart)) {
            return false;
        }
        previousDeparture = clockDeparture;
        previousPlace = model.visitLocation[v];
        previousBreaks = clockBreaks;
        for (int i = position; i < len; i++) {
            int u = r[i];
            clock(s, u, previousDeparture, previousPlace, previousBreaks);
            if (!clockLegal || !model.startAllowed(u, s, clockStart)) {
                return false;
            }
            if (clockStart == ex[4 * i + 1] && clockDeparture == ex[4 * i + 2] && clockBreaks == ex[4 * i + 3]) {
                return true; // from here on the route runs as before
            }
            previousDeparture = clockDeparture;
            previousPlace = model.visitLocation[u];
            previousBreaks = clockBreaks;
        }
        long end = returnLeg(s, previousPlace, previousDeparture, previousBreaks);
        return clockLegal && end <= model.shiftLatestEnd[s];
    }

    // the last clock() or returnLeg() result
    private long clockReady;
    private long clockStart;
    private long clockDeparture;
    private int clockBreaks;
    /** The leg is reachable and no break taken on it ends after its latest end. */
    private boolean clockLegal;

    /**
     * Times visit {@code v} in shift {@code s} after leaving place {@code previousPlace} at {@code previousDeparture}
     * with {@code previousBreaks} of the shift's breaks taken (the shift's start place, start time and 0 for the first
     * visit): {@link RouteClock#timeVisitAfter}'s arithmetic on the search's arrays, setting {@link #clockReady},
     * {@link #clockStart}, {@link #clockDeparture}, {@link #clockBreaks} and {@link #clockLegal} instead of building a
     * {@code VisitTiming} (RoutePlannerTest compares the two for every branch of the break rule). An unreachable leg
     * counts as 0 s, as there.
     */
    private void clock(int s, int v, long previousDeparture, int previousPlace, int previousBreaks) {
        int leg = model.travel(previousPlace, model.visitLocation[v]);
        boolean reachable = leg != SearchModel.UNREACHABLE_SECONDS;
        long travel = reachable ? leg : 0;
        long serviceV = model.service[v];
        boolean complex = model.complexStart[v];
        long[] rule = complex ? model.zoneRule(v, s) : null;
        long[] windows = model.windowBounds[v];
        long readyV = model.ready[v];
        long departure = previousDeparture;
        long arrival = departure + travel;
        long ready = arrival;
        boolean late = false;
        // the service start for the current 'ready' (computed once per value, as RouteClock does)
        long startFor = Long.MIN_VALUE;
        long start = 0;
        long[] b = model.breaks[s];
        int taken = previousBreaks;
        for (int k = 3 * taken; k < b.length; k += 3) {
            long earliest = b[k];
            long latestEnd = b[k + 1];
            long duration = b[k + 2];
            if (ready != startFor) {
                start = complex ? SearchModel.earliestStart(rule, windows, ready) : Math.max(ready, readyV);
                startFor = ready;
            }
            long end = start + serviceV;
            long onArrival = Math.max(ready, earliest);
            if (onArrival + duration <= start) {
                ready = onArrival + duration; // fits in the wait before the service
            } else if (Math.max(end, earliest) + duration <= latestEnd) {
                break; // can still be taken after this visit
            } else if (onArrival + duration <= latestEnd) {
                ready = onArrival + duration;
            } else {
                long beforeTravel = Math.max(departure, earliest);
                if (beforeTravel + duration <= latestEnd && beforeTravel <= arrival) {
                    departure = beforeTravel + duration;
                    arrival = departure + travel;
                    ready = Math.max(ready, arrival);
                } else {
                    ready = onArrival + duration; // late break: as soon as possible
                    late = true;
                }
            }
            taken++;
        }
        if (ready != startFor) {
            start = complex ? SearchModel.earliestStart(rule, windows, ready) : Math.max(ready, readyV);
        }
        clockReady = ready;
        clockStart = start;
        clockDeparture = start + serviceV;
        clockBreaks = taken;
        clockLegal = reachable && !late;
    }

    /**
     * The end of shift {@code s}'s route after its last stop at place {@code lastPlace}, left at {@code departure} with
     * {@code breaksTaken} breaks taken: {@link RouteClock#returnLegAfter}'s arithmetic (a pending break that starts
     * before the arrival home is taken before driving); sets {@link #clockLegal} to whether the way home is reachable
     * and those breaks end on time.
     */
    private long returnLeg(int s, int lastPlace, long departure, int breaksTaken) {
        int leg = model.travel(lastPlace, model.shiftEndLocation[s]);
        boolean reachable = leg != SearchModel.UNREACHABLE_SECONDS;
        long travel = reachable ? leg : 0;
        boolean late = false;
        long[] b = model.breaks[s];
        for (int k = 3 * breaksTaken; k < b.length; k += 3) {
            if (b[k] < departure + travel) {
                departure = Math.max(departure, b[k]) + b[k + 2];
                late |= departure > b[k + 1];
            }
        }
        clockLegal = reachable && !late;
        return departure + travel;
    }

    /**
     * {@link #clock}'s answer as {ready, start, departure, breaks taken, 1 when the leg is reachable and no break late
     * else 0} (tests compare it with RouteClock).
     */
    long[] clockAfter(int s, int v, long previousDeparture, int previousPlace, int previousBreaks) {
        clock(s, v, previousDeparture, previousPlace, previousBreaks);
        return new long[] {clockReady, clockStart, clockDeparture, clockBreaks, clockLegal ? 1 : 0};
    }

    /**
     * Everything this planner keeps about shift {@code s}'s route, for tests comparing it with a planner built afresh:
     * the load, the estimator's departures, latest starts, legs and places, then the exact times (if any).
     */
    long[] stateOf(int s) {
        int len = length[s];
        long[] out = new long[1 + len + 2 * (len + 1) + len + 2 + (exact[s] == null ? 0 : 4 * len)];
        int k = 0;
        out[k++] = load[s];
        for (int i = 0; i < len; i++) {
            out[k++] = departure[s][i];
        }
        for (int i = 0; i <= len; i++) {
            out[k++] = latestStartAt[s][i];
            out[k++] = leg[s][i];
        }
        for (int i = 0; i < len + 2; i++) {
            out[k++] = place[s][i];
        }
        for (int i = 0; exact[s] != null && i < 4 * len; i++) {
            out[k++] = exact[s][i];
        }
        return out;
    }

    /**
     * The exact times of shift {@code s}'s route ({@link #exact}: ready, start, departure, breaks taken per visit), a
     * copy; null for a shift the estimator times without breaks and zone segments.
     */
    long[] exactTimes(int s) {
        return exact[s] == null ? null : Arrays.copyOf(exact[s], 4 * length[s]);
    }

    /**
     * The cheapest feasible place for {@code v} among {@code shifts[0..shiftCount)}, skipping each position
     * with probability {@code blink}; sets {@link #bestShift}/{@link #bestPosition} and returns its cost, or
     * {@link #NONE}.
     */
    long bestInsertion(int v, int[] shifts, int shiftCount, @org.jspecify.annotations.Nullable RandomGenerator random,
            double blink) {
        bestShift = -1;
        bestPosition = -1;
        // blinks: a cheap xorshift stream seeded once per call instead of a random double per position
        long bits = random == null || blink <= 0 ? 0 : random.nextLong() | 1L;
        long blinkBelow = (long) (blink * 1024);
        long best = NONE;
        int exactCount = 0;
        int vl = model.visitLocation[v];
        int rowOut = vl * model.matrixSize;
        int rowIn = vl * model.matrixSize;
        long latestStartV = model.latestStart[v];
        long serviceV = model.service[v];
        boolean simpleStart = !model.complexStart[v];
        long readyV = model.ready[v];
        boolean narrow = model.narrow;
        int[] secondsOut = model.seconds;
        int[] secondsIn = model.secondsTo;
        char[] secondsOut16 = model.seconds16;
        char[] secondsIn16 = model.secondsTo16;
        long[] windows = model.windowBounds[v];
        // no start of v is before max(the departure before the position, its first window's start) and no leg is
        // negative: a position where v could not end its service by the latest start after it even from there (or,
        // departures only growing, whose departure before it is already past v's latest start) is refused below
        // whatever the legs; such positions are passed over before the legs are read (each read a likely cache miss),
        // which leaves every answer as it was
        for (int k = 0; k < shiftCount; k++) {
            int s = shifts[k];
            if (!model.compatible(v, s) || load[s] + model.demand[v] > model.shiftCapacity[s]) {
                continue;
            }
            int len = length[s];
            int[] places = place[s];
            int[] legs = leg[s];
            long[] dep = departure[s];
            long[] latest = latestStartAt[s];
            long[] rule = simpleStart ? null : model.zoneRule(v, s);
            long shiftStart = model.shiftStart[s];
            for (int p = pinned[s]; p <= len; p++) {
                if (bits != 0) {
                    bits ^= bits << 13;
                    bits ^= bits >>> 7;
                    bits ^= bits << 17;
                    if ((bits & 1023) < blinkBelow) {
                        continue;
                    }
                }
                long before = p == 0 ? shiftStart : dep[p - 1];
                if (before > latestStartV) {
                    // too late here and at every later position; the blink stream still advances once per position
                    for (int q = p; bits != 0 && q < len; q++) {
                        bits ^= bits << 13;
                        bits ^= bits >>> 7;
                        bits ^= bits << 17;
                    }
                    break;
                }
                if (Math.max(before, readyV) + serviceV > latest[p]) {
                    continue;
                }
                // travelDelta and feasibleIgnoringBreaks in one, the legs into and out of v read from v's rows
                int in = narrow ? SearchModel.wide(secondsIn16[rowIn + places[p]]) : secondsIn[rowIn + places[p]];
                int out = narrow ? SearchModel.wide(secondsOut16[rowOut + places[p + 1]])
                        : secondsOut[rowOut + places[p + 1]];
                long c = (long) in + out - legs[p];
                if (c >= best) {
                    continue;
                }
                long arrival = before + in;
                long start = simpleStart ? Math.max(arrival, readyV) : SearchModel.earliestStart(rule, windows, arrival);
                if (start > latestStartV || start + serviceV + out > latest[p]) {
                    continue;
                }
                if (exact[s] != null) {
                    // exact timing is costly: collect the candidate, check the cheapest ones last
                    if (exactCount == exactCost.length) {
                        exactCost = Arrays.copyOf(exactCost, exactCount * 2);
                        exactPlace = Arrays.copyOf(exactPlace, exactCount * 2);
                    }
                    exactCost[exactCount] = c;
                    exactPlace[exactCount] = ((long) s << 32) | p;
                    exactCount++;
                    continue;
                }
                best = c;
                bestShift = s;
                bestPosition = p;
            }
        }
        // the exact candidates cheaper than the best simple place, cheapest first, until one is feasible
        while (exactCount > 0) {
            int min = 0;
            for (int i = 1; i < exactCount; i++) {
                if (exactCost[i] < exactCost[min]) {
                    min = i;
                }
            }
            long c = exactCost[min];
            if (c >= best) {
                break;
            }
            int s = (int) (exactPlace[min] >>> 32);
            int p = (int) exactPlace[min];
            if (feasibleExactly(v, s, p)) {
                best = c;
                bestShift = s;
                bestPosition = p;
                break;
            }
            exactCount--;
            exactCost[min] = exactCost[exactCount];
            exactPlace[min] = exactPlace[exactCount];
        }
        return best;
    }

    private long[] exactCost = new long[64];
    private long[] exactPlace = new long[64];

    /** Travel seconds of shift {@code s}'s route, including the way home. */
    long travel(int s) {
        int len = length[s];
        if (len == 0) {
            return 0;
        }
        long sum = 0;
        int loc = model.shiftStartLocation[s];
        for (int i = 0; i < len; i++) {
            int vl = model.visitLocation[route[s][i]];
            sum += model.travel(loc, vl);
            loc = vl;
        }
        return sum + model.travel(loc, model.shiftEndLocation[s]);
    }

    /**
     * Travel, waiting and overtime seconds of shift {@code s}'s route, weighted: the soft rules that a route's order and
     * timing decide alone (the score's {@code travelTime}, {@code waitingTime} and {@code overtime}). Waiting is counted
     * as the score counts it (from being ready to the start), overtime from the way home's end. With
     * {@link RuinRecreate.CostWeights#published()} (a replan) also what the minimal-change rule charges for the route's
     * published visits at their starts ({@link PublishedCosts}).
     */
    long timeCost(int s, RuinRecreate.CostWeights weights) {
        int len = length[s];
        if (len == 0) {
            return 0;
        }
        long travel = travel(s);
        long cost = 0;
        long changes = 0;
        PublishedCosts published = weights.published();
        int technician = model.shiftTechnician[s];
        long end;
        long[] ex = exact[s];
        if (ex != null) {
            for (int i = 0; i < len; i++) {
                cost += ex[4 * i + 1] - ex[4 * i]; // waiting: from ready to the start
                if (published != null) {
                    changes += published.cost(route[s][i], technician, ex[4 * i + 1]);
                }
            }
            end = returnLeg(s, model.visitLocation[route[s][len - 1]], ex[4 * len - 2], (int) ex[4 * len - 1]);
        } else {
            long time = model.shiftStart[s];
            int loc = model.shiftStartLocation[s];
            for (int i = 0; i < len; i++) {
                int v = route[s][i];
                int vl = model.visitLocation[v];
                long arrival = time + model.travel(loc, vl);
                long start = model.earliestStart(v, s, arrival);
                cost += start - arrival;
                if (published != null) {
                    changes += published.cost(v, technician, start);
                }
                time = start + model.service[v];
                loc = vl;
            }
            end = time + model.travel(loc, model.shiftEndLocation[s]);
        }
        return weights.travel() * travel + weights.waiting() * cost
                + weights.overtime() * Math.max(0, end - model.shifts.get(s).getNominalEnd()) + changes;
    }

    long totalTravel() {
        long sum = 0;
        for (int s = 0; s < length.length; s++) {
            sum += travel(s);
        }
        return sum;
    }

    int[] routeCopy(int s) {
        return Arrays.copyOf(route[s], length[s]);
    }
}
