package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import ai.timefold.solver.core.api.solver.phase.PhaseCommandContext;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningListVariableMetaModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;

/**
 * The construction heuristic: puts every unassigned visit at its cheapest feasible place (the
 * {@link RoutePlanner} estimator), keeping the routes already there (a warm start) and never inserting
 * before a pinned prefix. Several insertion orders are tried and the plan with the fewest visits left
 * out, then the least travel, is applied as one move: regret-2 (the visit that would lose most by
 * waiting goes first), tightest window first, largest demand first, farthest first and random orders.
 * Visits it cannot place stay unassigned for the local search.
 */
public final class InsertionConstruction implements PhaseCommand<FieldPlan> {

    /** Above this many unassigned visits regret-2 is skipped (it costs O(n x route length) per insertion). */
    static final int REGRET_LIMIT = 2000;

    private final int randomOrders;
    private final long seed;

    public InsertionConstruction() {
        this(4, 0L);
    }

    public InsertionConstruction(int randomOrders, long seed) {
        this.randomOrders = randomOrders;
        this.seed = seed;
    }

    @Override
    public void changeWorkingSolution(PhaseCommandContext<FieldPlan> context) {
        FieldPlan plan = context.getWorkingSolution();
        SearchModel model = new SearchModel(plan, 0);
        PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable =
                context.getSolutionMetaModel().genuineEntity(Shift.class).listVariable();
        List<RouteChangeMove.Insertion> insertions = build(model, () -> context.isPhaseTerminated());
        if (!insertions.isEmpty()) {
            context.execute(new RouteChangeMove(listVariable, List.of(), insertions, "insertionConstruction"));
        }
    }

    /** The insertions of the best order tried (in the order to apply them). */
    List<RouteChangeMove.Insertion> build(SearchModel model, java.util.function.BooleanSupplier terminated) {
        int[][] routes = model.currentRoutes();
        int[] pins = new int[model.shiftCount()];
        for (int s = 0; s < pins.length; s++) {
            pins[s] = model.shifts.get(s).getPinnedVisitCount();
        }
        List<Integer> unassigned = model.unassignedVisits(routes);
        if (unassigned.isEmpty()) {
            return List.of();
        }
        Random random = new Random(seed);
        Result best = null;
        int orders = 4 + randomOrders;
        for (int t = 0; t < orders; t++) {
            if (t > 0 && terminated.getAsBoolean()) {
                break;
            }
            Result r;
            if (t == 0) {
                if (unassigned.size() > REGRET_LIMIT) {
                    continue;
                }
                r = regret(model, routes, pins, unassigned);
            } else {
                List<Integer> order = new ArrayList<>(unassigned);
                switch (t) {
                    case 1 -> order.sort((a, b) -> Long.compare(model.latestStart[a], model.latestStart[b]));
                    case 2 -> order.sort((a, b) -> Integer.compare(model.demand[b], model.demand[a]));
                    case 3 -> {
                        int home = model.shiftStartLocation[0];
                        order.sort((a, b) -> Integer.compare(model.travel(home, model.visitLocation[b]),
                                model.travel(home, model.visitLocation[a])));
                    }
                    default -> Collections.shuffle(order, random);
                }
                r = greedy(model, routes, pins, order);
            }
            if (best == null || r.betterThan(best)) {
                best = r;
            }
        }
        return best == null ? List.of() : best.insertions();
    }

    record Result(List<RouteChangeMove.Insertion> insertions, int left, long travel) {
        boolean betterThan(Result other) {
            return left != other.left ? left < other.left : travel < other.travel;
        }
    }

    private static Result greedy(SearchModel model, int[][] routes, int[] pins, List<Integer> order) {
        RoutePlanner planner = new RoutePlanner(model, routes, pins);
        int m = model.shiftCount();
        int[] all = new int[m];
        for (int s = 0; s < m; s++) {
            all[s] = s;
        }
        List<RouteChangeMove.Insertion> insertions = new ArrayList<>();
        int left = 0;
        for (int v : order) {
            if (planner.bestInsertion(v, all, m, null, 0.0) == RoutePlanner.NONE) {
                left++;
                continue;
            }
            int s = planner.bestShift;
            int p = planner.bestPosition;
            planner.insert(v, s, p);
            insertions.add(new RouteChangeMove.Insertion(model.visits.get(v), model.shifts.get(s), p));
        }
        return new Result(insertions, left, planner.totalTravel());
    }

    /**
     * Regret-2 insertion: repeatedly inserts the visit whose best place beats its best place in another
     * route by the most (a visit with a single feasible route goes first). Per-route best costs are cached
     * and only the changed route is re-evaluated after each insertion.
     */
    private static Result regret(SearchModel model, int[][] routes, int[] pins, List<Integer> unassigned) {
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
        for (int i = 0; i < u; i++) {
            for (int s = 0; s < m; s++) {
                one[0] = s;
                cost[i][s] = planner.bestInsertion(visit[i], one, 1, null, 0.0);
                position[i][s] = planner.bestPosition;
            }
        }
        boolean[] done = new boolean[u];
        List<RouteChangeMove.Insertion> insertions = new ArrayList<>();
        int left = 0;
        for (int step = 0; step < u; step++) {
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
        for (boolean d : done) {
            if (!d) {
                left++;
            }
        }
        return new Result(insertions, left, planner.totalTravel());
    }
}
