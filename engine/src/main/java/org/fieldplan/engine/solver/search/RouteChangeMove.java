package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.api.domain.common.Lookup;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningListVariableMetaModel;
import ai.timefold.solver.core.preview.api.move.Move;
import ai.timefold.solver.core.preview.api.move.MutableSolutionView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedCollection;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;

/**
 * Takes some visits out of their routes (or leaves them unassigned) and inserts them at given
 * positions, in order. Built by {@link RuinRecreate} and {@link InsertionConstruction}; Timefold undoes
 * it by itself.
 */
final class RouteChangeMove implements Move<FieldPlan> {

    /** Insert {@code visit} at {@code index} of {@code shift}'s route (indexes as they are at that point). */
    record Insertion(Visit visit, Shift shift, int index) {
    }

    private final PlanningListVariableMetaModel<FieldPlan, Shift, Visit> visits;
    private final List<Visit> removals;
    private final List<Insertion> insertions;
    private final String kind;

    RouteChangeMove(PlanningListVariableMetaModel<FieldPlan, Shift, Visit> visits, List<Visit> removals,
            List<Insertion> insertions, String kind) {
        this.visits = visits;
        this.removals = List.copyOf(removals);
        this.insertions = List.copyOf(insertions);
        this.kind = kind;
    }

    @Override
    public void execute(MutableSolutionView<FieldPlan> view) {
        for (Visit visit : removals) {
            view.unassignValue(visits, visit);
        }
        for (Insertion insertion : insertions) {
            view.assignValueAndAdd(visits, insertion.visit(), insertion.shift(), insertion.index());
        }
    }

    @Override
    public Move<FieldPlan> rebase(Lookup lookup) {
        List<Visit> rebasedRemovals = new ArrayList<>(removals.size());
        for (Visit v : removals) {
            rebasedRemovals.add(lookup.lookUpWorkingObject(v));
        }
        List<Insertion> rebasedInsertions = new ArrayList<>(insertions.size());
        for (Insertion i : insertions) {
            rebasedInsertions.add(new Insertion(lookup.lookUpWorkingObject(i.visit()),
                    lookup.lookUpWorkingObject(i.shift()), i.index()));
        }
        return new RouteChangeMove(visits, rebasedRemovals, rebasedInsertions, kind);
    }

    @Override
    public SequencedCollection<Object> getPlanningEntities() {
        LinkedHashSet<Object> entities = new LinkedHashSet<>();
        for (Visit v : removals) {
            entities.add(v);
        }
        for (Insertion i : insertions) {
            entities.add(i.shift());
        }
        return entities;
    }

    @Override
    public SequencedCollection<Object> getPlanningValues() {
        LinkedHashSet<Object> values = new LinkedHashSet<>(removals);
        for (Insertion i : insertions) {
            values.add(i.visit());
        }
        return values;
    }

    List<Visit> removals() {
        return removals;
    }

    List<Insertion> insertions() {
        return insertions;
    }

    @Override
    public String describe() {
        return kind;
    }

    @Override
    public String toString() {
        return kind + "(" + removals.size() + " out, " + insertions.size() + " in)";
    }
}
