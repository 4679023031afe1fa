package org.fieldplan.engine.solver.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Regret insertion for a first plan ({@link InsertionConstruction.FirstOrder#REGRET}): repeatedly places the unassigned
 * visit that would lose most by waiting, its regret being how much dearer its second (and, with {@code regretK} 3, its
 * third) best route is than its best one; a visit with a single feasible route goes first. Each visit's cheapest place
 * per route is cached; after an insertion only the changed route is evaluated again for every waiting visit, and a
 * visit's best and second-best routes are scanned again only when the change touched them.
 * <p>
 * Why: the quick order (tightest window first, cheapest insertion at the time) lays each visit where the routes
 * happen to be when its turn comes, so early visits scattered over the part pull every route across it; the search
 * that follows spends its first seconds undoing the zig-zags. A visit near one technician's home and far from every
 * other's has a large regret and goes to that route early, so routes grow around their homes.
 * <p>
 * Every place comes from {@link RoutePlanner#bestInsertion}: windows, skills, zones, deadlines, capacity, breaks and
 * zone segments (timed exactly) as in the quick order; visit groups are placed whole ({@link GroupPlacement}) before
 * the lone visits, while the routes still have room at the same time; routes already there stay (a warm start) and
 * nothing goes before a pinned prefix.
 */
final class RegretInsertion {

    private RegretInsertion() {
    }

    /**
     * Places {@code order}'s visits (those not yet in {@code routes}) by regret-{@code regretK} ({@code 2} or
     * {@code 3}), an insertion costing its weighted extra travel, waiting and overtime ({@code weights}, the plan's, as
     * the travel search that follows judges routes). When {@code terminated} says so (looked at every
     * {@link InsertionConstruction#CHECK_EVERY} insertions): the visits placed so far ({@code keepPartial}) or null.
     */
    static InsertionConstruction.@Nullable Result build(SearchModel model, RuinRecreate.CostWeights weights,
            int[][] routes, int[] pins, List<Integer> order, int regretK, BooleanSupplier terminated,
            boolean keepPartial) {
        RoutePlanner planner = new RoutePlanner(model, routes, pins);
        List<RouteChangeMove.Insertion> insertions = new ArrayList<>();
        // visit groups first, whole, while the routes have room for several technicians at once
        for (int v : order) {
            if (model.groupMembers[v] != null && planner.shiftOf[v] < 0) {
                GroupPlacement.place(model, planner, v, insertions);
            }
        }
        int m = model.shiftCount();
        int u = 0;
        int[] visit = new int[order.size()];
        for (int v : order) {
            if (planner.shiftOf[v] < 0 && model.groupMembers[v] == null) {
                visit[u++] = v;
            }
        }
        TimedRoutes timed = new TimedRoutes(model, planner, weights);
        // cost[i * m + s], position[i * m + s]: visit i's cheapest place in shift s by the estimate that ignores breaks
        // (NONE: no feasible place); checked exactly when the visit is chosen
        long[] cost = new long[u * m];
        int[] position = new int[u * m];
        // per waiting visit: its best, second and third cheapest routes (-1: none)
        int[] first = new int[u];
        int[] second = new int[u];
        int[] third = new int[u];
        for (int i = 0; i < u; i++) {
            if (i % InsertionConstruction.CHECK_EVERY == 0 && terminated.getAsBoolean()) {
                return keepPartial ? result(planner, insertions, order) : null;
            }
            int row = i * m;
            for (int s = 0; s < m; s++) {
                cost[row + s] = timed.cheapest(visit[i], s, false);
                position[row + s] = timed.position;
            }
            rank(cost, row, m, i, first, second, third);
        }
        boolean[] done = new boolean[u];
        int waiting = u;
        int steps = 0;
        while (waiting > 0) {
            if (++steps % InsertionConstruction.CHECK_EVERY == 0 && terminated.getAsBoolean()) {
                if (!keepPartial) {
                    return null;
                }
                return result(planner, insertions, order);
            }
            int chosen = -1;
            long chosenRegret = Long.MIN_VALUE;
            long chosenBest = Long.MAX_VALUE;
            for (int i = 0; i < u; i++) {
                if (done[i] || first[i] < 0) {
                    continue;
                }
                int row = i * m;
                long b1 = cost[row + first[i]];
                long regret;
                if (second[i] < 0) {
                    regret = Long.MAX_VALUE / 2;
                } else {
                    regret = cost[row + second[i]] - b1;
                    if (regretK >= 3) {
                        regret += third[i] < 0 ? cost[row + second[i]] - b1 : cost[row + third[i]] - b1;
                    }
                }
                if (regret > chosenRegret || (regret == chosenRegret && b1 < chosenBest)) {
                    chosen = i;
                    chosenRegret = regret;
                    chosenBest = b1;
                }
            }
            if (chosen < 0) {
                break; // the visits still waiting have no feasible place
            }
            int v = visit[chosen];
            int s = first[chosen];
            int row = chosen * m;
            int p = position[row + s];
            if (planner.insertionCost(v, s, p) == RoutePlanner.NONE) {
                // a break or a zone segment's end is in the way: the exactly checked cheapest place in that route
                cost[row + s] = timed.cheapest(v, s, true);
                position[row + s] = timed.position;
                rank(cost, row, m, chosen, first, second, third);
                continue;
            }
            done[chosen] = true;
            waiting--;
            planner.insert(v, s, p);
            timed.update(s);
            insertions.add(new RouteChangeMove.Insertion(model.visits.get(v), model.shifts.get(s), p));
            for (int i = 0; i < u; i++) {
                if (done[i] || first[i] < 0) {
                    continue; // no feasible place before: a longer route offers none either
                }
                int r = i * m;
                long old = cost[r + s];
                long now = timed.cheapest(visit[i], s, false);
                cost[r + s] = now;
                position[r + s] = timed.position;
                if (now == old) {
                    continue;
                }
                int worst = regretK >= 3 ? third[i] : second[i];
                boolean ranked = s == first[i] || s == second[i] || s == third[i];
                if (ranked || worst < 0 || now < cost[r + worst]) {
                    rank(cost, r, m, i, first, second, third);
                }
            }
        }
        // a last look over every route for what is left (a longer route rarely opens a place, but may)
        int[] all = new int[m];
        for (int s = 0; s < m; s++) {
            all[s] = s;
        }
        for (int i = 0; i < u; i++) {
            int v = visit[i];
            if (planner.shiftOf[v] < 0 && planner.bestInsertion(v, all, m, null, 0.0) != RoutePlanner.NONE) {
                int s = planner.bestShift;
                int p = planner.bestPosition;
                planner.insert(v, s, p);
                insertions.add(new RouteChangeMove.Insertion(model.visits.get(v), model.shifts.get(s), p));
            }
        }
        return result(planner, insertions, order);
    }

    /**
     * The routes' times as the insertion estimate needs them (breaks left out, as in {@link RoutePlanner}'s O(1)
     * check): per position the start, the departure, the latest start that keeps the rest on time, and the waiting
     * from there to the route's end. An insertion's extra waiting is then O(1): the later start it pushes onto the next
     * visit is absorbed by the waiting after it, and what is not absorbed makes the route end later; the extra waiting
     * is that later end less the extra travel and the visit's service.
     */
    private static final class TimedRoutes {
        private final SearchModel model;
        private final RoutePlanner planner;
        private final RuinRecreate.CostWeights weights;
        private final long[][] start;
        private final long[][] departure;
        private final long[][] latest;
        private final long[][] waitFrom;
        private final long[] end;
        private long[] candidateCost = new long[64];
        private int[] candidatePosition = new int[64];
        /** The position of the last {@link #cheapest} answer. */
        int position;

        TimedRoutes(SearchModel model, RoutePlanner planner, RuinRecreate.CostWeights weights) {
            this.model = model;
            this.planner = planner;
            this.weights = weights;
            int m = model.shiftCount();
            start = new long[m][];
            departure = new long[m][];
            latest = new long[m][];
            waitFrom = new long[m][];
            end = new long[m];
            for (int s = 0; s < m; s++) {
                update(s);
            }
        }

        void update(int s) {
            int len = planner.size(s);
            if (start[s] == null || start[s].length < len + 1) {
                int cap = Math.max(8, 2 * (len + 1));
                start[s] = new long[cap];
                departure[s] = new long[cap];
                latest[s] = new long[cap + 1];
                waitFrom[s] = new long[cap + 1];
            }
            long time = model.shiftStart[s];
            int loc = model.shiftStartLocation[s];
            long[] st = start[s];
            long[] dep = departure[s];
            long[] wait = waitFrom[s];
            for (int i = 0; i < len; i++) {
                int v = planner.visitAt(s, i);
                int vl = model.visitLocation[v];
                long arrival = time + model.travel(loc, vl);
                st[i] = model.earliestStart(v, s, arrival);
                wait[i] = st[i] - arrival;
                time = st[i] + model.service[v];
                dep[i] = time;
                loc = vl;
            }
            end[s] = time + model.travel(loc, model.shiftEndLocation[s]);
            wait[len] = 0;
            long[] late = latest[s];
            long limit = model.shiftLatestEnd[s];
            int next = model.shiftEndLocation[s];
            late[len] = limit;
            for (int i = len - 1; i >= 0; i--) {
                int v = planner.visitAt(s, i);
                int vl = model.visitLocation[v];
                wait[i] += wait[i + 1];
                limit = Math.min(model.latestStart[v], limit - model.travel(vl, next) - model.service[v]);
                late[i] = limit;
                next = vl;
            }
        }

        /**
         * The cheapest place for visit {@code v} in shift {@code s} by weighted extra travel, waiting and overtime
         * ({@link #position}), or NONE; {@code exact}: checked with {@link RoutePlanner#insertionCost} (breaks and zone
         * segments timed exactly), else only by the O(1) estimate.
         */
        long cheapest(int v, int s, boolean exact) {
            position = -1;
            if (!model.compatible(v, s)) {
                return RoutePlanner.NONE;
            }
            int len = planner.size(s);
            int vl = model.visitLocation[v];
            long serviceV = model.service[v];
            long latestV = model.latestStart[v];
            long nominalEnd = model.shifts.get(s).getNominalEnd();
            long overtimeBefore = Math.max(0, end[s] - nominalEnd);
            long[] st = start[s];
            long[] dep = departure[s];
            long[] late = latest[s];
            long[] wait = waitFrom[s];
            int count = 0;
            long best = RoutePlanner.NONE;
            int bestPosition = -1;
            int prevLoc = model.shiftStartLocation[s];
            for (int p = 0; p <= len; p++) {
                if (p > 0) {
                    prevLoc = model.visitLocation[planner.visitAt(s, p - 1)];
                }
                if (p < planner.pinned[s]) {
                    continue;
                }
                int nextVisit = p < len ? planner.visitAt(s, p) : -1;
                int nextLoc = nextVisit < 0 ? model.shiftEndLocation[s] : model.visitLocation[nextVisit];
                int in = model.travel(prevLoc, vl);
                int out = model.travel(vl, nextLoc);
                long arrival = (p == 0 ? model.shiftStart[s] : dep[p - 1]) + in;
                long startV = model.earliestStart(v, s, arrival);
                if (startV > latestV || startV + serviceV + out > late[p]) {
                    continue;
                }
                long travelDelta = (long) in + out - model.travel(prevLoc, nextLoc);
                long endDelta;
                if (nextVisit < 0) {
                    endDelta = startV + serviceV + out - end[s];
                } else {
                    long nextStart = model.earliestStart(nextVisit, s, startV + serviceV + out);
                    endDelta = Math.max(0, nextStart - st[p] - wait[p + 1]);
                }
                long waitDelta = endDelta - travelDelta - serviceV;
                long overtimeDelta = Math.max(0, end[s] + endDelta - nominalEnd) - overtimeBefore;
                long c = weights.travel() * travelDelta + weights.waiting() * waitDelta
                        + weights.overtime() * overtimeDelta;
                if (!exact) {
                    if (c < best) {
                        best = c;
                        bestPosition = p;
                    }
                    continue;
                }
                if (count == candidateCost.length) {
                    candidateCost = java.util.Arrays.copyOf(candidateCost, 2 * count);
                    candidatePosition = java.util.Arrays.copyOf(candidatePosition, 2 * count);
                }
                candidateCost[count] = c;
                candidatePosition[count] = p;
                count++;
            }
            if (!exact) {
                position = bestPosition;
                return best;
            }
            // cheapest first until one passes the exact check
            while (count > 0) {
                int min = 0;
                for (int k = 1; k < count; k++) {
                    if (candidateCost[k] < candidateCost[min]) {
                        min = k;
                    }
                }
                if (planner.insertionCost(v, s, candidatePosition[min]) != RoutePlanner.NONE) {
                    position = candidatePosition[min];
                    return candidateCost[min];
                }
                count--;
                candidateCost[min] = candidateCost[count];
                candidatePosition[min] = candidatePosition[count];
            }
            return RoutePlanner.NONE;
        }
    }

    /** Sets the three cheapest feasible routes of visit {@code i} from its cost row. */
    private static void rank(long[] cost, int row, int m, int i, int[] first, int[] second, int[] third) {
        int a = -1;
        int b = -1;
        int c = -1;
        long ca = RoutePlanner.NONE;
        long cb = RoutePlanner.NONE;
        long cc = RoutePlanner.NONE;
        for (int s = 0; s < m; s++) {
            long x = cost[row + s];
            if (x >= cc) {
                continue;
            }
            if (x < ca) {
                c = b;
                cc = cb;
                b = a;
                cb = ca;
                a = s;
                ca = x;
            } else if (x < cb) {
                c = b;
                cc = cb;
                b = s;
                cb = x;
            } else {
                c = s;
                cc = x;
            }
        }
        first[i] = a;
        second[i] = b;
        third[i] = c;
    }

    private static InsertionConstruction.Result result(RoutePlanner planner,
            List<RouteChangeMove.Insertion> insertions, List<Integer> order) {
        int left = 0;
        for (int v : order) {
            if (planner.shiftOf[v] < 0) {
                left++;
            }
        }
        return new InsertionConstruction.Result(insertions, left, planner.totalTravel());
    }
}
