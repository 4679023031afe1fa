package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import ai.timefold.solver.core.api.solver.phase.PhaseCommandContext;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningListVariableMetaModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.jspecify.annotations.Nullable;

/**
 * The construction heuristic: puts every unassigned visit at its cheapest feasible place (the
 * {@link RoutePlanner} estimator), keeping the routes already there (a warm start) and never inserting
 * before a pinned prefix. It runs as two commands of one custom phase, so that Timefold records (and
 * announces to listeners) a first plan as soon as one exists:
 * <ol>
 * <li>this class: one order, applied at once: the quick one (tightest window first) or, as the region's parts use it,
 * regret-2 or regret-3 ({@link FirstOrder}, {@link RegretInsertion});</li>
 * <li>{@link Alternatives}: the other orders from the same starting routes: regret-2 (the visit that would lose
 * most by waiting goes first), largest demand first, farthest first and random orders; the plan with the fewest
 * visits left out, then the least travel, replaces the first one if it is better.</li>
 * </ol>
 * Both respect the solver's termination (time limit, {@code terminateEarly}) inside an order: the first command
 * applies what it has placed so far, the second drops an order it could not finish. Visits it cannot place stay
 * unassigned for the local search.
 */
public final class InsertionConstruction implements PhaseCommand<FieldPlan> {

    /** Above this many unassigned visits regret-2 is skipped (it costs O(n x route length) per insertion). */
    static final int REGRET_LIMIT = 2000;
    /** The share of the plan's waiting weight the regret orders give an insertion's extra waiting. */
    static final double WAITING_SHARE = 0.0;
    /** How many visits an order places between two looks at the solver's termination. */
    static final int CHECK_EVERY = 16;

    /** The routes before the first command, per shift, for {@link Alternatives} on the same solver thread. */
    private static final ThreadLocal<Visit[][]> BASELINE = new ThreadLocal<>();

    /** How the first command orders the visits. */
    public enum FirstOrder {
        /** Tightest window first, each at its cheapest place at the time (the quick order). */
        TIGHTEST_WINDOW,
        /** Regret-2 insertion ({@link RegretInsertion}): the visit whose second-best route is dearest goes first. */
        REGRET_2,
        /** Regret-3 insertion: the second- and third-best routes count. */
        REGRET_3
    }

    private final int randomOrders;
    private final long seed;
    private final FirstOrder firstOrder;

    public InsertionConstruction() {
        this(4, 0L);
    }

    public InsertionConstruction(int randomOrders, long seed) {
        this(randomOrders, seed, FirstOrder.TIGHTEST_WINDOW);
    }

    public InsertionConstruction(FirstOrder firstOrder) {
        this(4, 0L, firstOrder);
    }

    InsertionConstruction(int randomOrders, long seed, FirstOrder firstOrder) {
        this.randomOrders = randomOrders;
        this.seed = seed;
        this.firstOrder = firstOrder;
    }

    @Override
    public void changeWorkingSolution(PhaseCommandContext<FieldPlan> context) {
        FieldPlan plan = context.getWorkingSolution();
        BASELINE.remove();
        SearchModel model = new SearchModel(plan, 0);
        PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable =
                context.getSolutionMetaModel().genuineEntity(Shift.class).listVariable();
        List<Integer> unassigned = model.unassignedVisits(model.currentRoutes());
        if (unassigned.isEmpty()) {
            return;
        }
        Visit[][] baseline = new Visit[model.shiftCount()][];
        for (int s = 0; s < baseline.length; s++) {
            baseline[s] = model.shifts.get(s).getVisits().toArray(new Visit[0]);
        }
        BASELINE.set(baseline);
        List<RouteChangeMove.Insertion> insertions = first(model, RuinRecreate.CostWeights.of(plan),
                context::isPhaseTerminated).insertions();
        if (!insertions.isEmpty()) {
            context.execute(new RouteChangeMove(listVariable, List.of(), insertions, "insertionConstruction"));
        }
    }

    /**
     * The first plan in this command's order ({@link FirstOrder}; a regret order falls back to the quick one above
     * {@link #REGRET_LIMIT} visits and is replaced by it when that leaves fewer visits out), stopping (with the visits
     * placed so far) when {@code terminated} says so.
     */
    Result first(SearchModel model, BooleanSupplier terminated) {
        return first(model, new RuinRecreate.CostWeights(1, 0, 0), terminated);
    }

    /** {@link #first(SearchModel, BooleanSupplier)}, the regret orders weighing an insertion by {@code weights}. */
    Result first(SearchModel model, RuinRecreate.CostWeights plain, BooleanSupplier terminated) {
        // waiting counts WAITING_SHARE of its weight (in quarters, to stay in whole numbers)
        long quarters = Math.round(4 * Double.parseDouble(System.getProperty("fieldplan.search.regretWaitingShare",
                Double.toString(WAITING_SHARE))));
        RuinRecreate.CostWeights weights = new RuinRecreate.CostWeights(4 * plain.travel(), quarters * plain.waiting(),
                4 * plain.overtime());
        int[][] routes = model.currentRoutes();
        List<Integer> order = new ArrayList<>(model.unassignedVisits(routes));
        order.sort((a, b) -> Long.compare(model.latestStart[a], model.latestStart[b]));
        // above REGRET_LIMIT visits the regret orders' O(visits x routes) memory and per-step scans are not worth it
        Result regret = order.size() > REGRET_LIMIT ? null : switch (firstOrder) {
            case TIGHTEST_WINDOW -> null;
            case REGRET_2 -> RegretInsertion.build(model, weights, routes, pins(model), order, 2, terminated, true);
            case REGRET_3 -> RegretInsertion.build(model, weights, routes, pins(model), order, 3, terminated, true);
        };
        if (regret == null) {
            return greedy(model, routes, pins(model), order, terminated, true);
        }
        if (regret.left() == 0 || terminated.getAsBoolean()) {
            return regret;
        }
        // regret left visits out: on a crowded day the quick order may place more (it fills the routes in the order of
        // the windows); the better of the two, so that a regret order never leaves out more than the quick one
        Result quick = greedy(model, routes, pins(model), order, terminated, false);
        return quick != null && quick.betterThan(regret) ? quick : regret;
    }

    /**
     * The other orders from {@code routes}: the best finished one, or null when none finished before
     * {@code terminated}.
     */
    @Nullable Result alternatives(SearchModel model, int[][] routes, BooleanSupplier terminated) {
        int[] pins = pins(model);
        List<Integer> unassigned = model.unassignedVisits(routes);
        if (unassigned.isEmpty()) {
            return null;
        }
        Random random = new Random(seed);
        Result best = null;
        int orders = 3 + randomOrders;
        for (int t = 0; t < orders && !terminated.getAsBoolean(); t++) {
            Result r;
            if (t == 0) {
                if (unassigned.size() > REGRET_LIMIT) {
                    continue;
                }
                r = regret(model, routes, pins, unassigned, terminated);
            } else {
                List<Integer> order = new ArrayList<>(unassigned);
                switch (t) {
                    case 1 -> order.sort((a, b) -> Integer.compare(model.demand[b], model.demand[a]));
                    case 2 -> {
                        int home = model.shiftStartLocation[0];
                        order.sort((a, b) -> Integer.compare(model.travel(home, model.visitLocation[b]),
                                model.travel(home, model.visitLocation[a])));
                    }
                    default -> Collections.shuffle(order, random);
                }
                r = greedy(model, routes, pins, order, terminated, false);
            }
            if (r != null && (best == null || r.betterThan(best))) {
                best = r;
            }
        }
        return best;
    }

    /**
     * The second command: tries the other orders from the routes the first command started from and keeps the
     * best plan.
     */
    public static final class Alternatives implements PhaseCommand<FieldPlan> {

        private final InsertionConstruction orders;

        public Alternatives() {
            this(new InsertionConstruction());
        }

        Alternatives(InsertionConstruction orders) {
            this.orders = orders;
        }

        @Override
        public void changeWorkingSolution(PhaseCommandContext<FieldPlan> context) {
            Visit[][] baseline = BASELINE.get();
            BASELINE.remove();
            FieldPlan plan = context.getWorkingSolution();
            if (baseline == null || baseline.length != plan.getShifts().size() || context.isPhaseTerminated()) {
                return;
            }
            SearchModel model = new SearchModel(plan, 0);
            // the first command only added visits: take them out again and the baseline is back
            java.util.Set<Visit> before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            int[][] baseRoutes = new int[baseline.length][];
            for (int s = 0; s < baseline.length; s++) {
                baseRoutes[s] = new int[baseline[s].length];
                for (int i = 0; i < baseline[s].length; i++) {
                    Integer v = model.visitIndex.get(baseline[s][i]);
                    if (v == null) {
                        return;
                    }
                    baseRoutes[s][i] = v;
                    before.add(baseline[s][i]);
                }
            }
            List<Visit> added = new ArrayList<>();
            for (int s = 0; s < baseline.length; s++) {
                List<Visit> now = model.shifts.get(s).getVisits();
                int k = 0;
                for (Visit v : now) {
                    if (before.contains(v)) {
                        if (k >= baseline[s].length || baseline[s][k] != v) {
                            return; // not the first command's routes: leave them
                        }
                        k++;
                    } else {
                        added.add(v);
                    }
                }
                if (k != baseline[s].length) {
                    return;
                }
            }
            int[] pins = pins(model);
            RoutePlanner current = new RoutePlanner(model, model.currentRoutes(), pins);
            int currentLeft = 0;
            for (int v = 0; v < model.visitCount(); v++) {
                if (current.shiftOf[v] < 0) {
                    currentLeft++;
                }
            }
            Result best = orders.alternatives(model, baseRoutes, context::isPhaseTerminated);
            if (best == null || !best.betterThan(new Result(List.of(), currentLeft, current.totalTravel()))) {
                return;
            }
            PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable =
                    context.getSolutionMetaModel().genuineEntity(Shift.class).listVariable();
            context.execute(new RouteChangeMove(listVariable, added, best.insertions(), "insertionConstruction"));
        }
    }

    private static int[] pins(SearchModel model) {
        int[] pins = new int[model.shiftCount()];
        for (int s = 0; s < pins.length; s++) {
            pins[s] = model.shifts.get(s).getPinnedVisitCount();
        }
        return pins;
    }

    record Result(List<RouteChangeMove.Insertion> insertions, int left, long travel) {
        boolean betterThan(Result other) {
            return left != other.left ? left < other.left : travel < other.travel;
        }
    }

    /**
     * Inserts the visits of {@code order} one by one at their cheapest place. When {@code terminated} says so, the
     * visits placed so far ({@code keepPartial}) or null.
     */
    private static @Nullable Result greedy(SearchModel model, int[][] routes, int[] pins, List<Integer> order,
            BooleanSupplier terminated, boolean keepPartial) {
        RoutePlanner planner = new RoutePlanner(model, routes, pins);
        int m = model.shiftCount();
        int[] all = new int[m];
        for (int s = 0; s < m; s++) {
            all[s] = s;
        }
        List<RouteChangeMove.Insertion> insertions = new ArrayList<>();
        int tried = 0;
        for (int v : order) {
            if (++tried % CHECK_EVERY == 0 && terminated.getAsBoolean()) {
                if (!keepPartial) {
                    return null;
                }
                break;
            }
            if (planner.shiftOf[v] >= 0) {
                continue; // placed with its visit group
            }
            if (model.groupMembers[v] != null) {
                GroupPlacement.place(model, planner, v, insertions);
                continue;
            }
            if (planner.bestInsertion(v, all, m, null, 0.0) == RoutePlanner.NONE) {
                continue;
            }
            int s = planner.bestShift;
            int p = planner.bestPosition;
            planner.insert(v, s, p);
            insertions.add(new RouteChangeMove.Insertion(model.visits.get(v), model.shifts.get(s), p));
        }
        int left = 0;
        for (int v : order) {
            if (planner.shiftOf[v] < 0) {
                left++;
            }
        }
        return new Result(insertions, left, planner.totalTravel());
    }

    /**
     * Regret-2 insertion: repeatedly inserts the visit whose best place beats its best place in another
     * route by the most (a visit with a single feasible route goes first). Per-route best costs are cached
     * and only the changed route is re-evaluated after each insertion.
     */
    private static @Nullable Result regret(SearchModel model, int[][] routes, int[] pins, List<Integer> unassigned,
            BooleanSupplier terminated) {
        RoutePlanner planner = new RoutePlanner(model, routes, pins);
        int m = model.shiftCount();
        int u = unassigned.size();
        int[] visit = new int[u];
        for (int i = 0; i < u; i++) {
            visit[i] = unassigned.get(i);
        }
        long[][] cost = new long[u][m];
        int[][] position = new int[u][m];
        int[] one = new int[1];
        boolean[] done = new boolean[u];
        for (int i = 0; i < u; i++) {
            if (i % CHECK_EVERY == 0 && terminated.getAsBoolean()) {
                return null;
            }
            if (model.groupMembers[visit[i]] != null) {
                done[i] = true; // visit groups go in whole after the lone visits
                java.util.Arrays.fill(cost[i], RoutePlanner.NONE);
                continue;
            }
            for (int s = 0; s < m; s++) {
                one[0] = s;
                cost[i][s] = planner.bestInsertion(visit[i], one, 1, null, 0.0);
                position[i][s] = planner.bestPosition;
            }
        }
        List<RouteChangeMove.Insertion> insertions = new ArrayList<>();
        for (int step = 0; step < u; step++) {
            if (terminated.getAsBoolean()) {
                return null;
            }
            int chosen = -1;
            long chosenRegret = Long.MIN_VALUE;
            long chosenBest = Long.MAX_VALUE;
            int chosenShift = -1;
            for (int i = 0; i < u; i++) {
                if (done[i]) {
                    continue;
                }
                long b1 = RoutePlanner.NONE;
                long b2 = RoutePlanner.NONE;
                int bs = -1;
                for (int s = 0; s < m; s++) {
                    long c = cost[i][s];
                    if (c < b1) {
                        b2 = b1;
                        b1 = c;
                        bs = s;
                    } else if (c < b2) {
                        b2 = c;
                    }
                }
                if (b1 == RoutePlanner.NONE) {
                    continue;
                }
                long regret = b2 == RoutePlanner.NONE ? Long.MAX_VALUE / 2 : b2 - b1;
                if (regret > chosenRegret || (regret == chosenRegret && b1 < chosenBest)) {
                    chosen = i;
                    chosenRegret = regret;
                    chosenBest = b1;
                    chosenShift = bs;
                }
            }
            if (chosen < 0) {
                break;
            }
            done[chosen] = true;
            int v = visit[chosen];
            int p = position[chosen][chosenShift];
            planner.insert(v, chosenShift, p);
            insertions.add(new RouteChangeMove.Insertion(model.visits.get(v), model.shifts.get(chosenShift), p));
            one[0] = chosenShift;
            for (int i = 0; i < u; i++) {
                if (!done[i]) {
                    cost[i][chosenShift] = planner.bestInsertion(visit[i], one, 1, null, 0.0);
                    position[i][chosenShift] = planner.bestPosition;
                }
            }
        }
        for (int i = 0; i < u; i++) {
            if (model.groupMembers[visit[i]] != null && planner.shiftOf[visit[i]] < 0) {
                GroupPlacement.place(model, planner, visit[i], insertions);
            }
        }
        int left = 0;
        for (int v : visit) {
            if (planner.shiftOf[v] < 0) {
                left++;
            }
        }
        return new Result(insertions, left, planner.totalTravel());
    }
}
