package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import ai.timefold.solver.core.api.solver.phase.PhaseCommandContext;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningListVariableMetaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;

/**
 * "Insert the unassigned by ejection": for each unassigned visit (highest priority first, then the one with the fewest
 * shifts that could take it), every way to place it that first takes one or two assigned, not pinned visits out of a
 * route near it and puts each of them back elsewhere: an ejection chain of depth 2 (the visit takes {@code e1}'s
 * place, {@code e1} goes elsewhere directly or takes the place of an {@code e2} that goes elsewhere directly), or two
 * visits out of the same route, each put back elsewhere. Only the {@link #nearestRoutes} routes nearest to the visit
 * being placed are opened. The candidates are found on the search's own route copy ({@link RoutePlanner}: windows,
 * shift ends, skills, zones, capacity, breaks); the cheapest {@link #SCORED} by the routes' weighted travel, waiting,
 * overtime and what the minimal-change rule charges ({@link PublishedCosts}) are then scored by Timefold, and the best
 * by the full score is taken, only when it breaks no hard rule and has a strictly better medium level (a visit more
 * served, nothing left out for it). Run as a custom phase, so Timefold scores every change it keeps.
 * <p>
 * Why: in a replan, making room for a visit left out takes a chain of moves of published visits, each charged about
 * an hour by the minimal-change rule, whose first step no score-judged local search accepts; this pass looks at the
 * whole chain at once. Visits of visit groups (teams) are neither placed nor taken out (all or none; the other phases
 * handle them).
 */
public final class EjectionInsertion implements PhaseCommand<FieldPlan> {

    /** Routes opened per visit to place (the nearest to it). */
    public static final int DEFAULT_NEAREST_ROUTES = 8;
    /** Candidates per visit, the cheapest by the estimate, that Timefold scores. */
    static final int SCORED = 16;

    /** What the last pass on this thread did (benchmarks print it). */
    public record Statistics(int tried, int placed, long candidates, int scored, double seconds) {
    }

    private static final ThreadLocal<List<Statistics>> RUNS = ThreadLocal.withInitial(ArrayList::new);

    /** What the passes that ran on the calling thread since the last {@link #clearOnThisThread()} did, in order. */
    public static List<Statistics> runsOnThisThread() {
        return List.copyOf(RUNS.get());
    }

    /** Forgets the passes run on this thread so far (a benchmark, before the solve it reports on). */
    public static void clearOnThisThread() {
        RUNS.get().clear();
    }

    private final long budgetNanos;
    private final int nearestRoutes;

    /** For Timefold's {@code customPhaseCommandClass}: 5 s, the default number of routes. */
    public EjectionInsertion() {
        this(5_000_000_000L, DEFAULT_NEAREST_ROUTES);
    }

    /**
     * @param budgetNanos   at most this long (it also stops when the solver's termination says so)
     * @param nearestRoutes routes opened per visit to place
     */
    public EjectionInsertion(long budgetNanos, int nearestRoutes) {
        this.budgetNanos = budgetNanos;
        this.nearestRoutes = nearestRoutes;
    }

    /** One way to place a visit: the changed shifts' new routes and what the estimate says it costs. */
    private record Candidate(int[] shifts, int[][] routes, long cost) {
    }

    @Override
    public void changeWorkingSolution(PhaseCommandContext<FieldPlan> context) {
        long started = System.nanoTime();
        long deadline = started + budgetNanos;
        FieldPlan plan = context.getWorkingSolution();
        if (plan.getVisits().isEmpty() || plan.getShifts().isEmpty()) {
            return;
        }
        PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable =
                context.getSolutionMetaModel().genuineEntity(Shift.class).listVariable();
        HardMediumSoftScore current = context.executeTemporarilyAndCalculateScore(
                new RouteChangeMove(listVariable, List.of(), List.of(), "score"));
        if (current.hardScore() < 0) {
            return; // only from a plan that breaks no hard rule: the pass judges by visits served
        }
        SearchModel model = new SearchModel(plan, 0);
        RuinRecreate.CostWeights weights = RuinRecreate.CostWeights.of(plan).withPublished(PublishedCosts.of(plan, model));
        int[] pins = new int[model.shiftCount()];
        for (int s = 0; s < pins.length; s++) {
            pins[s] = model.shifts.get(s).getPinnedVisitCount();
        }
        int m = model.shiftCount();
        int[][] compatibleShifts = new int[model.visitCount()][];
        List<Integer> order = new ArrayList<>();
        for (int v = 0; v < model.visitCount(); v++) {
            int[] c = new int[m];
            int k = 0;
            for (int s = 0; s < m; s++) {
                if (model.compatible(v, s)) {
                    c[k++] = s;
                }
            }
            compatibleShifts[v] = Arrays.copyOf(c, k);
        }
        for (int v : model.unassignedVisits(model.currentRoutes())) {
            if (model.groupMembers[v] == null && compatibleShifts[v].length > 0) {
                order.add(v);
            }
        }
        order.sort(Comparator.<Integer>comparingInt(v -> -model.visits.get(v).getPriority())
                .thenComparingInt(v -> compatibleShifts[v].length).thenComparingInt(v -> v));
        int placed = 0;
        long candidateCount = 0;
        int scored = 0;
        int tried = 0;
        for (int u : order) {
            if (System.nanoTime() >= deadline || context.isPhaseTerminated()) {
                break;
            }
            tried++;
            Search search = new Search(model, new RoutePlanner(model, model.currentRoutes(), pins), weights,
                    compatibleShifts, deadline);
            List<Candidate> candidates = search.candidates(u);
            candidateCount += candidates.size();
            candidates.sort(Comparator.comparingLong(Candidate::cost));
            RouteChangeMove best = null;
            HardMediumSoftScore bestScore = null;
            for (int i = 0; i < Math.min(SCORED, candidates.size()); i++) {
                RouteChangeMove move = move(model, listVariable, candidates.get(i), pins);
                HardMediumSoftScore score = context.executeTemporarilyAndCalculateScore(move);
                scored++;
                if (score.hardScore() < current.hardScore() || score.mediumScore() <= current.mediumScore()) {
                    continue;
                }
                if (bestScore == null || score.compareTo(bestScore) > 0) {
                    best = move;
                    bestScore = score;
                }
            }
            if (best != null) {
                context.execute(best);
                current = bestScore;
                placed++;
            }
        }
        RUNS.get().add(new Statistics(tried, placed, candidateCount, scored, (System.nanoTime() - started) / 1e9));
    }

    /** The move that turns the changed shifts' routes into the candidate's (the other shifts untouched). */
    private static RouteChangeMove move(SearchModel model, PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable,
            Candidate c, int[] pins) {
        List<Visit> removals = new ArrayList<>();
        List<RouteChangeMove.Insertion> insertions = new ArrayList<>();
        for (int k = 0; k < c.shifts.length; k++) {
            int s = c.shifts[k];
            Shift shift = model.shifts.get(s);
            List<Visit> now = shift.getVisits();
            for (int i = pins[s]; i < now.size(); i++) {
                removals.add(now.get(i));
            }
            int[] wanted = c.routes[k];
            for (int i = pins[s]; i < wanted.length; i++) {
                insertions.add(new RouteChangeMove.Insertion(model.visits.get(wanted[i]), shift, i));
            }
        }
        return new RouteChangeMove(listVariable, removals, insertions, "ejectionInsertion");
    }

    /** The search for one visit on a route copy that every try leaves as it found it (changes undone in reverse). */
    private final class Search {
        final SearchModel model;
        final RoutePlanner planner;
        final RuinRecreate.CostWeights weights;
        final int[][] compatibleShifts;
        final long deadline;
        final long[] baseCost;
        final List<Candidate> found = new ArrayList<>();
        /** The changes made, for undoing: shift, position, visit, +1 inserted / -1 removed. */
        final int[] opShift = new int[16];
        final int[] opPosition = new int[16];
        final int[] opVisit = new int[16];
        final boolean[] opInserted = new boolean[16];
        int ops;
        long steps;

        Search(SearchModel model, RoutePlanner planner, RuinRecreate.CostWeights weights, int[][] compatibleShifts,
                long deadline) {
            this.model = model;
            this.planner = planner;
            this.weights = weights;
            this.compatibleShifts = compatibleShifts;
            this.deadline = deadline;
            baseCost = new long[model.shiftCount()];
            for (int s = 0; s < baseCost.length; s++) {
                baseCost[s] = planner.timeCost(s, weights);
            }
        }

        boolean outOfTime() {
            return (++steps & 63) == 0 && System.nanoTime() >= deadline;
        }

        void remove(int s, int position) {
            opShift[ops] = s;
            opPosition[ops] = position;
            opVisit[ops] = planner.visitAt(s, position);
            opInserted[ops] = false;
            ops++;
            planner.removeRange(s, position, 1);
        }

        void insert(int v, int s, int position) {
            opShift[ops] = s;
            opPosition[ops] = position;
            opVisit[ops] = v;
            opInserted[ops] = true;
            ops++;
            planner.insert(v, s, position);
        }

        /** Undoes the changes back to {@code mark} changes. */
        void undoTo(int mark) {
            while (ops > mark) {
                ops--;
                if (opInserted[ops]) {
                    planner.removeRange(opShift[ops], opPosition[ops], 1);
                } else {
                    planner.insert(opVisit[ops], opShift[ops], opPosition[ops]);
                }
            }
        }

        /** Places {@code v} at its cheapest feasible place among its shifts; false (nothing changed) when none. */
        boolean placeDirectly(int v) {
            int[] shifts = compatibleShifts[v];
            if (planner.bestInsertion(v, shifts, shifts.length, null, 0) == RoutePlanner.NONE) {
                return false;
            }
            insert(v, planner.bestShift, planner.bestPosition);
            return true;
        }

        /** Places {@code v} in shift {@code s} at its cheapest feasible position; false when none. */
        boolean placeIn(int v, int s) {
            if (planner.bestInsertion(v, new int[] {s}, 1, null, 0) == RoutePlanner.NONE) {
                return false;
            }
            insert(v, planner.bestShift, planner.bestPosition);
            return true;
        }

        /** Whether visit {@code v} may be taken out: not pinned (the positions tried start after the pins), no team. */
        boolean ejectable(int v) {
            return model.groupMembers[v] == null;
        }

        /** Records the routes as they are now as a candidate (the shifts changed by the current changes). */
        void record() {
            int[] changed = new int[ops];
            int k = 0;
            for (int i = 0; i < ops; i++) {
                int s = opShift[i];
                boolean seen = false;
                for (int j = 0; j < k; j++) {
                    seen |= changed[j] == s;
                }
                if (!seen) {
                    changed[k++] = s;
                }
            }
            int[] shifts = Arrays.copyOf(changed, k);
            int[][] routes = new int[k][];
            long cost = 0;
            for (int j = 0; j < k; j++) {
                routes[j] = planner.routeCopy(shifts[j]);
                cost += planner.timeCost(shifts[j], weights) - baseCost[shifts[j]];
            }
            found.add(new Candidate(shifts, routes, cost));
        }

        /** The shifts that could take {@code v}, nearest first by the least road time from a place of their route. */
        int[] nearest(int v) {
            int[] shifts = compatibleShifts[v];
            long[] keyed = new long[shifts.length];
            int vl = model.visitLocation[v];
            for (int k = 0; k < shifts.length; k++) {
                int s = shifts[k];
                long d = (long) model.travel(model.shiftStartLocation[s], vl) + model.travel(vl, model.shiftStartLocation[s]);
                for (int i = 0; i < planner.size(s); i++) {
                    int w = model.visitLocation[planner.visitAt(s, i)];
                    d = Math.min(d, (long) model.travel(w, vl) + model.travel(vl, w));
                }
                keyed[k] = (d << 16) | s;
            }
            Arrays.sort(keyed);
            int count = Math.min(nearestRoutes, shifts.length);
            int[] out = new int[count];
            for (int k = 0; k < count; k++) {
                out[k] = (int) (keyed[k] & 0xFFFF);
            }
            return out;
        }

        List<Candidate> candidates(int u) {
            if (placeDirectly(u)) {
                record();
                undoTo(0);
                return found;
            }
            for (int s : nearest(u)) {
                for (int i = planner.pinned[s]; i < planner.size(s); i++) {
                    if (outOfTime()) {
                        return found;
                    }
                    int e1 = planner.visitAt(s, i);
                    if (!ejectable(e1)) {
                        continue;
                    }
                    remove(s, i);
                    if (placeIn(u, s)) {
                        replace(e1, u);
                    } else {
                        // a second visit out of the same route
                        for (int j = i; j < planner.size(s); j++) {
                            int e2 = planner.visitAt(s, j);
                            if (!ejectable(e2)) {
                                continue;
                            }
                            int mark = ops;
                            remove(s, j);
                            if (placeIn(u, s)) {
                                int inner = ops;
                                if (placeDirectly(e1)) {
                                    if (placeDirectly(e2)) {
                                        record();
                                    }
                                }
                                undoTo(inner);
                                if (placeDirectly(e2) && placeDirectly(e1)) {
                                    record();
                                }
                            }
                            undoTo(mark);
                        }
                    }
                    undoTo(0);
                }
            }
            return found;
        }

        /** With {@code u} in {@code e1}'s route: puts {@code e1} back directly, or by ejecting an {@code e2} for it. */
        void replace(int e1, int u) {
            int mark = ops;
            if (placeDirectly(e1)) {
                record();
                undoTo(mark);
                return;
            }
            for (int s2 : nearest(e1)) {
                for (int j = planner.pinned[s2]; j < planner.size(s2); j++) {
                    if (outOfTime()) {
                        return;
                    }
                    int e2 = planner.visitAt(s2, j);
                    if (e2 == u || !ejectable(e2)) {
                        continue;
                    }
                    remove(s2, j);
                    if (placeIn(e1, s2) && placeDirectly(e2)) {
                        record();
                    }
                    undoTo(mark);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "EjectionInsertion(" + budgetNanos / 1_000_000 + " ms, " + nearestRoutes + " routes)";
    }
}
