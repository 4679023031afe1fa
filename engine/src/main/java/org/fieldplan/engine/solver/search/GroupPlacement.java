package org.fieldplan.engine.solver.search;

import java.util.List;
import org.fieldplan.engine.domain.Visit;

/**
 * Visit groups (several technicians at once) in the heuristics: a group is placed whole or not at all, each member
 * with another technician, and ruined whole. Each member's place is the estimator's cheapest (the members wait for
 * the group's common start, so the same route can hold only one of them).
 */
final class GroupPlacement {

    private GroupPlacement() {
    }

    /**
     * Places every member of {@code v}'s group that {@code plan} has not placed yet at its cheapest place in a shift of
     * a technician the group does not use yet, appending the insertions to {@code out}; all or none: when one member
     * finds no place, the members placed by this call are taken out again. For a lone visit, its cheapest place.
     *
     * @return whether the visits are placed
     */
    static boolean place(SearchModel model, RoutePlanner plan, int v, List<RouteChangeMove.Insertion> out) {
        int m = model.shiftCount();
        int[] members = model.groupMembers[v];
        int[] candidates = new int[m];
        if (members == null) {
            for (int s = 0; s < m; s++) {
                candidates[s] = s;
            }
            if (plan.bestInsertion(v, candidates, m, null, 0.0) == RoutePlanner.NONE) {
                return false;
            }
            insert(model, plan, v, plan.bestShift, plan.bestPosition, out);
            return true;
        }
        int before = out.size();
        int[] placed = new int[members.length];
        int placedCount = 0;
        for (int u : members) {
            if (plan.shiftOf[u] >= 0) {
                continue;
            }
            int count = 0;
            for (int s = 0; s < m; s++) {
                if (!usesTechnician(model, plan, members, model.shiftTechnician[s])) {
                    candidates[count++] = s;
                }
            }
            if (plan.bestInsertion(u, candidates, count, null, 0.0) == RoutePlanner.NONE) {
                for (int i = placedCount - 1; i >= 0; i--) {
                    int w = placed[i];
                    int s = plan.shiftOf[w];
                    plan.removeRange(s, plan.indexOf(s, w), 1);
                }
                while (out.size() > before) {
                    out.removeLast();
                }
                return false;
            }
            insert(model, plan, u, plan.bestShift, plan.bestPosition, out);
            placed[placedCount++] = u;
        }
        return true;
    }

    /**
     * Takes the other members of the groups of {@code removed}'s visits out of their routes too (unless pinned), adding
     * them to {@code removed} and {@code removals}, and marks their shifts in {@code touched}: a ruin removes groups
     * whole.
     */
    static void ruinWhole(SearchModel model, RoutePlanner plan, List<Integer> removed, List<Visit> removals,
            boolean[] touched) {
        for (int i = 0; i < removed.size(); i++) {
            int[] members = model.groupMembers[removed.get(i)];
            if (members == null) {
                continue;
            }
            for (int u : members) {
                int s = plan.shiftOf[u];
                if (s < 0) {
                    continue;
                }
                int pos = plan.indexOf(s, u);
                if (pos < plan.pinned[s]) {
                    continue;
                }
                plan.removeRange(s, pos, 1);
                removed.add(u);
                removals.add(model.visits.get(u));
                touched[s] = true;
            }
        }
    }

    private static boolean usesTechnician(SearchModel model, RoutePlanner plan, int[] members, int technician) {
        for (int u : members) {
            int s = plan.shiftOf[u];
            if (s >= 0 && model.shiftTechnician[s] == technician) {
                return true;
            }
        }
        return false;
    }

    private static void insert(SearchModel model, RoutePlanner plan, int v, int s, int p,
            List<RouteChangeMove.Insertion> out) {
        plan.insert(v, s, p);
        out.add(new RouteChangeMove.Insertion(model.visits.get(v), model.shifts.get(s), p));
    }
}
