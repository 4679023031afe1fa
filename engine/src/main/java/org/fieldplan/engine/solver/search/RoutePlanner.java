package org.fieldplan.engine.solver.search;

import java.util.Arrays;
import java.util.random.RandomGenerator;

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
    private final long[] load;
    /** shiftOf[v]: the shift of visit v in this scratch copy, or -1. */
    final int[] shiftOf;

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
        load = new long[m];
        shiftOf = new int[n];
        Arrays.fill(shiftOf, -1);
        for (int s = 0; s < m; s++) {
            int cap = Math.max(8, routes[s].length * 2);
            route[s] = Arrays.copyOf(routes[s], cap);
            length[s] = routes[s].length;
            departure[s] = new long[cap];
            latestStartAt[s] = new long[cap + 1];
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
        for (int s = 0; s < m; s++) {
            route[s] = other.route[s].clone();
            departure[s] = other.departure[s].clone();
            latestStartAt[s] = other.latestStartAt[s].clone();
        }
        length = other.length.clone();
        pinned = other.pinned.clone();
        load = other.load.clone();
        shiftOf = other.shiftOf.clone();
    }

    /** Recomputes the times and the load of shift {@code s} after its route changed. */
    void update(int s) {
        int len = length[s];
        int[] r = route[s];
        long[] dep = departure[s];
        long time = model.shiftStart[s];
        int loc = model.shiftStartLocation[s];
        long sumLoad = 0;
        for (int i = 0; i < len; i++) {
            int v = r[i];
            int vl = model.visitLocation[v];
            long arrival = time + model.travel(loc, vl);
            long start = model.earliestStart(v, s, arrival);
            time = start + model.service[v];
            dep[i] = time;
            loc = vl;
            sumLoad += model.demand[v];
        }
        load[s] = sumLoad;
        long[] latest = latestStartAt[s];
        long limit = model.shiftLatestEnd[s];
        int next = model.shiftEndLocation[s];
        latest[len] = limit;
        for (int i = len - 1; i >= 0; i--) {
            int v = r[i];
            int vl = model.visitLocation[v];
            limit = Math.min(model.latestStart[v], limit - model.travel(vl, next) - model.service[v]);
            latest[i] = limit;
            next = vl;
        }
    }

    int size(int s) {
        return length[s];
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
        for (int i = from; i < from + count; i++) {
            shiftOf[r[i]] = -1;
        }
        System.arraycopy(r, from + count, r, from, length[s] - from - count);
        length[s] -= count;
        update(s);
    }

    void insert(int v, int s, int position) {
        int len = length[s];
        if (len + 1 > route[s].length) {
            int cap = route[s].length * 2;
            route[s] = Arrays.copyOf(route[s], cap);
            departure[s] = new long[cap];
            latestStartAt[s] = new long[cap + 1];
        }
        int[] r = route[s];
        System.arraycopy(r, position, r, position + 1, len - position);
        r[position] = v;
        length[s] = len + 1;
        shiftOf[v] = s;
        update(s);
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

    /** {@link #insertionCost} without the compatibility and capacity checks (done once per shift by the caller). */
    private long timedInsertionCost(int v, int s, int position) {
        int vl = model.visitLocation[v];
        int prevLoc = position == 0 ? model.shiftStartLocation[s] : model.visitLocation[route[s][position - 1]];
        long prevDep = position == 0 ? model.shiftStart[s] : departure[s][position - 1];
        int nextLoc = position == length[s] ? model.shiftEndLocation[s] : model.visitLocation[route[s][position]];
        int in = model.travel(prevLoc, vl);
        long start = model.earliestStart(v, s, prevDep + in);
        if (start > model.latestStart[v]) {
            return NONE;
        }
        int out = model.travel(vl, nextLoc);
        long nextArrival = start + model.service[v] + out;
        if (nextArrival > latestStartAt[s][position]) {
            return NONE;
        }
        return (long) in + out - model.travel(prevLoc, nextLoc);
    }

    /**
     * The cheapest feasible place for {@code v} among {@code shifts[0..shiftCount)}, skipping each position
     * with probability {@code blink}; sets {@link #bestShift}/{@link #bestPosition} and returns its cost, or
     * {@link #NONE}.
     */
    long bestInsertion(int v, int[] shifts, int shiftCount, @org.jspecify.annotations.Nullable RandomGenerator random, double blink) {
        long best = NONE;
        bestShift = -1;
        bestPosition = -1;
        // blinks: a cheap xorshift stream seeded once per call instead of a random double per position
        long bits = random == null || blink <= 0 ? 0 : random.nextLong() | 1L;
        long blinkBelow = (long) (blink * 1024);
        for (int k = 0; k < shiftCount; k++) {
            int s = shifts[k];
            if (!model.compatible(v, s) || load[s] + model.demand[v] > model.shiftCapacity[s]) {
                continue;
            }
            for (int p = pinned[s]; p <= length[s]; p++) {
                if (bits != 0) {
                    bits ^= bits << 13;
                    bits ^= bits >>> 7;
                    bits ^= bits << 17;
                    if ((bits & 1023) < blinkBelow) {
                        continue;
                    }
                }
                long c = timedInsertionCost(v, s, p);
                if (c < best) {
                    best = c;
                    bestShift = s;
                    bestPosition = p;
                }
            }
        }
        return best;
    }

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
