package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningListVariableMetaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.FieldPlanConstraintProvider;

/**
 * String-removal ruin and greedy recreate, after Christiaens and Vanden Berghe's SISR: remove a few
 * strings of consecutive visits from routes near a random seed visit, then put every removed visit back
 * at its cheapest feasible place (among the routes of its nearest neighbours and the empty routes),
 * skipping each place with a small probability ("blinks") so that the recreate varies.
 */
final class RuinRecreate {

    /** Tuning knobs; see {@link SearchPhases} for the defaults. */
    /**
     * @param screenSize when > 0, moves the acceptor would surely refuse are not handed to Timefold: the
     *                   estimated travel after the move must not exceed both the current travel and the travel
     *                   of {@code screenSize} steps ago (late acceptance's rule, applied to the estimate), unless
     *                   the move assigns more visits; moves that assign fewer are screened out too
     */
    record Settings(double averageRemoved, int maxStringLength, double blinkRate, int neighbourRoutes,
                    int maxUnassignedRetried, int screenSize, @org.jspecify.annotations.Nullable CostWeights costs) {

        Settings(double averageRemoved, int maxStringLength, double blinkRate, int neighbourRoutes,
                int maxUnassignedRetried, int screenSize) {
            this(averageRemoved, maxStringLength, blinkRate, neighbourRoutes, maxUnassignedRetried, screenSize, null);
        }

        Settings withCosts(@org.jspecify.annotations.Nullable CostWeights weights) {
            return new Settings(averageRemoved, maxStringLength, blinkRate, neighbourRoutes, maxUnassignedRetried,
                    screenSize, weights);
        }
    }

    /**
     * The soft weights of the rules a route's order and timing decide alone (travel, waiting, overtime), per second, for
     * a search that judges routes by them instead of by travel alone ({@link RoutePlanner#timeCost}).
     */
    record CostWeights(long travel, long waiting, long overtime, @org.jspecify.annotations.Nullable PublishedCosts published) {

        CostWeights(long travel, long waiting, long overtime) {
            this(travel, waiting, overtime, null);
        }

        /**
         * These weights and also what the minimal-change rule charges for published visits (a replan's search: moving a
         * published visit then costs what the constraint would charge); null leaves it out.
         */
        CostWeights withPublished(@org.jspecify.annotations.Nullable PublishedCosts costs) {
            return new CostWeights(travel, waiting, overtime, costs);
        }

        /** The plan's weights of travel, waiting and overtime (each constraint's override, else the default of one). */
        static CostWeights of(FieldPlan plan) {
            return new CostWeights(softWeight(plan, FieldPlanConstraintProvider.TRAVEL_TIME),
                    softWeight(plan, FieldPlanConstraintProvider.WAITING_TIME),
                    softWeight(plan, FieldPlanConstraintProvider.OVERTIME));
        }

        private static long softWeight(FieldPlan plan, String constraintId) {
            ai.timefold.solver.core.api.score.HardMediumSoftScore w =
                    plan.getConstraintWeightOverrides().getConstraintWeight(constraintId);
            return w == null ? 1 : w.softScore();
        }
    }

    /**
     * What a route costs the search: its travel, or with {@link Settings#costs} its weighted travel, waiting and
     * overtime seconds.
     */
    private long routeCost(RoutePlanner planner, int s) {
        CostWeights w = settings.costs();
        return w == null ? planner.travel(s) : planner.timeCost(s, w);
    }

    /** How many candidates are built per move asked for before the last one is handed over unscreened. */
    static final int MAX_CANDIDATES = 40;

    /** The estimated travel at the start of each of the last {@code screenSize} steps (a ring). */
    private long[] stepTravel = new long[0];
    private long stepCount;

    private final SearchModel model;
    private final Settings settings;
    private final PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable;

    RuinRecreate(SearchModel model, Settings settings,
            PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable) {
        this.model = model;
        this.settings = settings;
        this.listVariable = listVariable;
    }

    /** Pinned prefix lengths of the current routes. */
    int[] pinnedCounts() {
        int[] pins = new int[model.shiftCount()];
        for (int s = 0; s < pins.length; s++) {
            pins[s] = model.shifts.get(s).getPinnedVisitCount();
        }
        return pins;
    }

    /**
     * The routes as they are at the start of a local search step. Timefold asks for a new move iterator
     * every step and undoes every move it evaluates, so one snapshot serves the whole step.
     */
    final class Snapshot {
        final int[][] routes;
        final int[] pins;
        final List<Integer> unassigned;
        /**
         * The routes as a planner. Not final: when the travel search takes a candidate built from this snapshot as its
         * next one, this planner becomes the search's scratch copy ({@link #accept}) and the field is cleared.
         */
        RoutePlanner planner;
        final long[] routeTravel;
        final long travel;
        /** The most travel a move may leave and still be handed to Timefold (Long.MAX_VALUE = no screen). */
        long travelLimit = Long.MAX_VALUE;

        Snapshot(RoutePlanner planner, int[][] routes, int[] pins) {
            this.planner = planner;
            this.routes = routes;
            this.pins = pins;
            routeTravel = new long[model.shiftCount()];
            long sum = 0;
            for (int s = 0; s < routeTravel.length; s++) {
                routeTravel[s] = routeCost(planner, s);
                sum += routeTravel[s];
            }
            travel = sum;
            List<Integer> free = new ArrayList<>();
            for (int v = 0; v < model.visitCount(); v++) {
                if (planner.shiftOf[v] < 0) {
                    free.add(v);
                }
            }
            this.unassigned = List.copyOf(free);
        }

        /**
         * {@code previous} with the shifts {@code changed} re-read from {@code planner} (which holds {@code previous}'s
         * routes except in those shifts): the same routes, costs and unassigned visits (ascending) as a snapshot built
         * whole, at the cost of the changed routes.
         */
        Snapshot(Snapshot previous, RoutePlanner planner, int[] changed) {
            this.planner = planner;
            this.pins = previous.pins;
            this.routes = previous.routes.clone();
            this.routeTravel = previous.routeTravel.clone();
            long sum = previous.travel;
            List<Integer> free = new ArrayList<>(previous.unassigned);
            for (int s : changed) {
                for (int v : previous.routes[s]) {
                    free.add(v); // may have been left out
                }
                routes[s] = planner.routeCopy(s);
                long cost = routeCost(planner, s);
                sum += cost - routeTravel[s];
                routeTravel[s] = cost;
            }
            travel = sum;
            free.removeIf(v -> planner.shiftOf[v] >= 0);
            free.sort(null);
            this.unassigned = List.copyOf(free);
        }

        /** One ruin-and-recreate move; a no-change move when nothing could be ruined. */
        RouteChangeMove next(RandomGenerator random) {
            RouteChangeMove fallback = null;
            int empty = 0;
            for (int candidate = 0; candidate < MAX_CANDIDATES && empty < 8; candidate++) {
                Attempt a = attempt(this, random);
                if (a == null) {
                    empty++;
                    continue;
                }
                if (a.unassignedChange() < 0
                        || (a.unassignedChange() == 0 && a.travelAfter() <= travelLimit)) {
                    return a.move();
                }
                fallback = a.move();
            }
            return fallback != null ? fallback
                    : new RouteChangeMove(listVariable, List.of(), List.of(), "ruinRecreate");
        }
    }

    private @org.jspecify.annotations.Nullable Snapshot last;
    private Visit[][] lastVisits = new Visit[0][];

    /**
     * The routes now. Only the routes that changed since the previous snapshot are re-read and re-timed
     * (a step changes a few routes out of many).
     */
    Snapshot snapshot() {
        Snapshot snapshot = currentSnapshot();
        int size = settings.screenSize();
        if (size > 0) {
            if (stepTravel.length != size) {
                stepTravel = new long[size];
                java.util.Arrays.fill(stepTravel, snapshot.travel);
            }
            int slot = (int) (stepCount % size);
            long late = stepTravel[slot];
            stepTravel[slot] = snapshot.travel;
            stepCount++;
            snapshot.travelLimit = Math.max(snapshot.travel, late);
        }
        return snapshot;
    }

    private Snapshot currentSnapshot() {
        int m = model.shiftCount();
        Snapshot previous = last;
        if (previous == null || lastVisits.length != m) {
            int[][] routes = model.currentRoutes();
            int[] pins = pinnedCounts();
            lastVisits = new Visit[m][];
            for (int s = 0; s < m; s++) {
                lastVisits[s] = model.shifts.get(s).getVisits().toArray(new Visit[0]);
            }
            last = new Snapshot(new RoutePlanner(model, routes, pins), routes, pins);
            return last;
        }
        RoutePlanner planner = new RoutePlanner(previous.planner);
        int[][] routes = previous.routes.clone();
        boolean changed = false;
        for (int s = 0; s < m; s++) {
            List<Visit> current = model.shifts.get(s).getVisits();
            Visit[] known = lastVisits[s];
            boolean same = current.size() == known.length;
            for (int i = 0; same && i < known.length; i++) {
                same = current.get(i) == known[i];
            }
            if (same) {
                continue;
            }
            changed = true;
            Visit[] now = current.toArray(new Visit[0]);
            int[] r = new int[now.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = model.visitIndex.get(now[i]);
            }
            lastVisits[s] = now;
            routes[s] = r;
            planner.replaceRoute(s, r);
        }
        if (!changed) {
            return previous;
        }
        last = new Snapshot(planner, routes, previous.pins);
        return last;
    }

    /** One ruin-and-recreate move from the current routes. */
    RouteChangeMove next(RandomGenerator random) {
        return snapshot().next(random);
    }

    /** The search's scratch copy of {@link #scratchBase}, reset before every attempt (copy-on-write per route). */
    private @org.jspecify.annotations.Nullable RoutePlanner scratch;
    private @org.jspecify.annotations.Nullable RoutePlanner scratchBase;

    /** A planner equal to {@code base} that an attempt may change: the scratch copy, reset to {@code base}. */
    private RoutePlanner scratchFor(RoutePlanner base) {
        if (scratch == null || scratchBase != base) {
            scratch = new RoutePlanner(base);
            scratchBase = base;
        } else {
            scratch.resetTo(base);
        }
        return scratch;
    }

    /**
     * The snapshot after taking {@code a}, the last attempt made from {@code from}, as the search's next plan: the
     * attempt's planner becomes the new snapshot's, and {@code from}'s planner becomes the scratch copy of it (the two
     * differ only in the shifts the attempt changed), so that taking a candidate costs what the candidate changed.
     * {@code from}'s planner is cleared: only its routes, costs and unassigned visits remain valid.
     */
    Snapshot accept(Snapshot from, Attempt a) {
        RoutePlanner after = a.after();
        RoutePlanner old = from.planner;
        if (after != scratch || old == null || scratchBase != old) {
            throw new IllegalStateException("Only the last attempt from the current snapshot can be accepted.");
        }
        int[] changed = after.changedShifts();
        old.becomeScratchOf(after);
        scratch = old;
        scratchBase = after;
        from.planner = null;
        return new Snapshot(from, after, changed);
    }

    /** A built candidate: the move, the estimated travel after it, and how it changes the unassigned count. */
    record Attempt(RouteChangeMove move, long travelAfter, int unassignedChange, RoutePlanner after) {
    }

    @org.jspecify.annotations.Nullable Attempt attempt(Snapshot snapshot, RandomGenerator random) {
        int n = model.visitCount();
        if (n == 0) {
            return null;
        }
        int[][] routes = snapshot.routes;
        int[] pins = snapshot.pins;
        RoutePlanner base = snapshot.planner;
        if (base == null) {
            throw new IllegalStateException("The snapshot's planner was handed on (accept) and is no longer valid.");
        }
        RoutePlanner plan = scratchFor(base);
        int m = model.shiftCount();
        int movable = 0;
        int used = 0;
        for (int s = 0; s < m; s++) {
            int u = plan.size(s) - pins[s];
            if (u > 0) {
                movable += u;
                used++;
            }
        }
        List<Integer> removed = new ArrayList<>();
        boolean[] touched = new boolean[m];
        if (used > 0) {
            double avgLength = (double) movable / used;
            double lsMax = Math.min(settings.maxStringLength(), avgLength);
            double ksMax = 4.0 * settings.averageRemoved() / (1.0 + lsMax) - 1.0;
            int ks = (int) Math.floor(1.0 + random.nextDouble() * Math.max(0.0, ksMax));
            int seed = random.nextInt(n);
            int ruined = 0;
            int[] near = model.neighbours[seed];
            for (int k = -1; k < near.length && ruined < ks; k++) {
                int c = k < 0 ? seed : near[k];
                int s = plan.shiftOf[c];
                if (s < 0 || touched[s]) {
                    continue;
                }
                int pos = indexOf(plan, s, c);
                if (pos < pins[s]) {
                    continue;
                }
                int len = plan.size(s);
                int unpinned = len - pins[s];
                int lMax = (int) Math.max(1, Math.min(unpinned, Math.floor(lsMax)));
                int l = 1 + random.nextInt(lMax);
                int startMin = Math.max(pins[s], pos - l + 1);
                int startMax = Math.min(pos, len - l);
                int start = startMin + random.nextInt(startMax - startMin + 1);
                for (int i = start; i < start + l; i++) {
                    removed.add(plan.visitAt(s, i));
                }
                plan.removeRange(s, start, l);
                touched[s] = true;
                ruined++;
            }
        }
        List<Visit> removals = new ArrayList<>(removed.size());
        for (int v : removed) {
            removals.add(model.visits.get(v));
        }
        GroupPlacement.ruinWhole(model, plan, removed, removals, touched);
        int ruinedCount = removed.size();
        // visits that were unassigned before get a chance too
        List<Integer> unassigned = new ArrayList<>(snapshot.unassigned);
        int take = 0;
        if (!unassigned.isEmpty()) {
            take = Math.min(settings.maxUnassignedRetried(), unassigned.size());
            for (int i = 0; i < take; i++) {
                int j = i + random.nextInt(unassigned.size() - i);
                Integer tmp = unassigned.get(i);
                unassigned.set(i, unassigned.get(j));
                unassigned.set(j, tmp);
                removed.add(unassigned.get(i));
            }
        }
        if (removed.isEmpty()) {
            return null;
        }
        order(removed, random);
        List<RouteChangeMove.Insertion> insertions = new ArrayList<>(removed.size());
        int[] candidates = new int[m];
        int[] stamp = new int[m];
        int stampValue = 0;
        for (int v : removed) {
            if (plan.shiftOf[v] >= 0) {
                continue; // placed with its visit group
            }
            if (model.groupMembers[v] != null) {
                int before = insertions.size();
                GroupPlacement.place(model, plan, v, insertions);
                for (int i = before; i < insertions.size(); i++) {
                    touched[plan.shiftOf[model.visitIndex.get(insertions.get(i).visit())]] = true;
                }
                continue;
            }
            stampValue++;
            int count = 0;
            int[] near = model.neighbours[v];
            int limit = Math.min(near.length, settings.neighbourRoutes());
            for (int k = 0; k < limit; k++) {
                int s = plan.shiftOf[near[k]];
                if (s >= 0 && stamp[s] != stampValue) {
                    stamp[s] = stampValue;
                    candidates[count++] = s;
                }
            }
            for (int k = 0, empties = plan.emptyRoutes(); k < empties; k++) {
                int s = plan.emptyRoute(k); // ascending, as a scan of every shift for empty ones would offer them
                if (stamp[s] != stampValue) {
                    stamp[s] = stampValue;
                    candidates[count++] = s;
                }
            }
            long cost = plan.bestInsertion(v, candidates, count, random, settings.blinkRate());
            if (cost == RoutePlanner.NONE && count < m) {
                for (int s = 0; s < m; s++) {
                    candidates[s] = s;
                }
                cost = plan.bestInsertion(v, candidates, m, random, 0.0);
            }
            if (cost == RoutePlanner.NONE) {
                continue; // stays unassigned; the score judges whether that is acceptable
            }
            int s = plan.bestShift;
            int p = plan.bestPosition;
            plan.insert(v, s, p);
            touched[s] = true;
            insertions.add(new RouteChangeMove.Insertion(model.visits.get(v), model.shifts.get(s), p));
        }
        boolean changed = false;
        long travelAfter = snapshot.travel;
        for (int s = 0; s < m; s++) {
            if (touched[s]) {
                if (!changed && !plan.routeEquals(s, routes[s])) {
                    changed = true;
                }
                travelAfter += routeCost(plan, s) - snapshot.routeTravel[s];
            }
        }
        if (!changed) {
            return null;
        }
        int unassignedChange = ruinedCount - insertions.size();
        return new Attempt(new RouteChangeMove(listVariable, removals, insertions, "ruinRecreate"), travelAfter,
                unassignedChange, plan);
    }

    private static int indexOf(RoutePlanner plan, int s, int v) {
        for (int i = 0; i < plan.size(s); i++) {
            if (plan.visitAt(s, i) == v) {
                return i;
            }
        }
        throw new IllegalStateException("visit " + v + " is not in its shift's scratch route " + s);
    }

    /** SISR's recreate orders: random (4), largest demand (4), farthest from the start (2), closest (1). */
    void order(List<Integer> removed, RandomGenerator random) {
        java.util.Collections.shuffle(removed, random);
        int pick = random.nextInt(11);
        if (pick < 4) {
            return;
        }
        int home = model.shiftCount() == 0 ? 0 : model.shiftStartLocation[0];
        if (pick < 8) {
            removed.sort((a, b) -> Integer.compare(model.demand[b], model.demand[a]));
        } else if (pick < 10) {
            removed.sort((a, b) -> Integer.compare(model.travel(home, model.visitLocation[b]),
                    model.travel(home, model.visitLocation[a])));
        } else {
            removed.sort((a, b) -> Integer.compare(model.travel(home, model.visitLocation[a]),
                    model.travel(home, model.visitLocation[b])));
        }
    }
}
