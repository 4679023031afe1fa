package org.fieldplan.engine.domain;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import ai.timefold.solver.core.api.domain.solution.cloner.SolutionCloner;
import org.jspecify.annotations.Nullable;

/**
 * Timefold's planning clone of a {@link FieldPlan}, written out by hand: new {@link Visit} and {@link Shift}
 * objects (the planning entities, with their routes and shadow variables mapped to the clones), every fact
 * shared (technicians, zones, locations, windows, timings and the matrix are immutable). Timefold clones the
 * working plan at every new best solution; its reflective cloner spent about a tenth of a local search step on
 * a 1,000-visit plan, this one a fraction of that. {@code FieldPlanClonerTest} checks field by field that the
 * clone matches, so a field added to an entity without adding it here fails a test.
 */
public final class FieldPlanCloner implements SolutionCloner<FieldPlan> {

    @Override
    public FieldPlan cloneSolution(FieldPlan original) {
        List<Visit> visits = original.getVisits();
        Map<Visit, Visit> visitClones = new IdentityHashMap<>(visits.size() * 2);
        List<Visit> clonedVisits = new ArrayList<>(visits.size());
        for (Visit v : visits) {
            Visit c = v.copyForClone();
            visitClones.put(v, c);
            clonedVisits.add(c);
        }
        List<Shift> shifts = original.getShifts();
        Map<Shift, Shift> shiftClones = new IdentityHashMap<>(shifts.size() * 2);
        List<Shift> clonedShifts = new ArrayList<>(shifts.size());
        for (Shift s : shifts) {
            List<Visit> route = s.getVisits();
            List<Visit> clonedRoute = new ArrayList<>(Math.max(10, route.size()));
            for (Visit v : route) {
                clonedRoute.add(mapped(visitClones, v));
            }
            Shift c = s.copyForClone(clonedRoute);
            shiftClones.put(s, c);
            clonedShifts.add(c);
        }
        for (Visit c : clonedVisits) {
            Shift s = c.getShift();
            if (s != null) {
                c.setShift(mapped(shiftClones, s));
            }
            Visit p = c.getPreviousVisit();
            if (p != null) {
                c.setPreviousVisit(mapped(visitClones, p));
            }
        }
        return original.copyForClone(clonedShifts, clonedVisits);
    }

    private static <T> T mapped(Map<T, T> clones, T original) {
        @Nullable T c = clones.get(original);
        if (c == null) {
            throw new IllegalStateException("The plan refers to " + original + ", which is not in its entity lists;"
                    + " every visit in a route must be in FieldPlan.getVisits().");
        }
        return c;
    }
}
