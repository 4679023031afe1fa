package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;
import ai.timefold.solver.core.impl.score.director.InnerScoreDirector;
import ai.timefold.solver.core.impl.score.director.ScoreDirector;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningListVariableMetaModel;
import java.util.Iterator;
import java.util.random.RandomGenerator;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.jspecify.annotations.Nullable;

/**
 * Feeds Timefold's local search with {@link RuinRecreate} moves (random selection only: every move is
 * built from the routes as they are when it is asked for). Custom properties (all optional) are set by
 * Timefold through the setters: {@code averageRemoved}, {@code maxStringLength}, {@code blinkRate},
 * {@code neighbourCount}, {@code neighbourRoutes}, {@code screenSize}.
 */
public final class RuinRecreateMoveIteratorFactory implements MoveIteratorFactory<FieldPlan, RouteChangeMove> {

    private double averageRemoved = SearchPhases.DEFAULT_AVERAGE_REMOVED;
    private int maxStringLength = SearchPhases.DEFAULT_MAX_STRING_LENGTH;
    private double blinkRate = SearchPhases.DEFAULT_BLINK_RATE;
    private int neighbourCount = SearchPhases.DEFAULT_NEIGHBOUR_COUNT;
    private int neighbourRoutes = SearchPhases.DEFAULT_NEIGHBOUR_ROUTES;
    private int screenSize = SearchPhases.DEFAULT_LATE_ACCEPTANCE_SIZE;

    private boolean timeCosts;

    private @Nullable RuinRecreate ruinRecreate;

    /**
     * "true": the screen compares the routes' weighted travel, waiting and overtime ({@code RoutePlanner.timeCost})
     * instead of travel alone, for plans whose soft score is more than travel.
     */
    public void setTimeCosts(String value) {
        this.timeCosts = Boolean.parseBoolean(value);
    }

    public void setAverageRemoved(String value) {
        this.averageRemoved = Double.parseDouble(value);
    }

    public void setMaxStringLength(String value) {
        this.maxStringLength = Integer.parseInt(value);
    }

    public void setBlinkRate(String value) {
        this.blinkRate = Double.parseDouble(value);
    }

    public void setNeighbourCount(String value) {
        this.neighbourCount = Integer.parseInt(value);
    }

    /** Steps back the screen compares with (late acceptance's size; 0 turns the screen off). */
    public void setScreenSize(String value) {
        this.screenSize = Integer.parseInt(value);
    }

    public void setNeighbourRoutes(String value) {
        this.neighbourRoutes = Integer.parseInt(value);
    }

    @Override
    public void phaseStarted(ScoreDirector<FieldPlan> scoreDirector) {
        FieldPlan plan = scoreDirector.getWorkingSolution();
        SearchModel model = new SearchModel(plan, neighbourCount);
        ruinRecreate = new RuinRecreate(model, new RuinRecreate.Settings(averageRemoved, maxStringLength, blinkRate,
                neighbourRoutes, SearchPhases.MAX_UNASSIGNED_RETRIED, screenSize)
                .withCosts(timeCosts && !TravelSearch.appliesTo(plan) ? RuinRecreate.CostWeights.of(plan) : null),
                listVariable(scoreDirector));
    }

    @Override
    public void phaseEnded(ScoreDirector<FieldPlan> scoreDirector) {
        ruinRecreate = null;
    }

    static PlanningListVariableMetaModel<FieldPlan, Shift, Visit> listVariable(ScoreDirector<FieldPlan> scoreDirector) {
        if (!(scoreDirector instanceof InnerScoreDirector<FieldPlan, ?> inner)) {
            throw new IllegalStateException("Timefold handed the move factory a score director without a solution"
                    + " descriptor (" + scoreDirector.getClass().getName() + "); the search package needs Timefold 2.2.");
        }
        return inner.getSolutionDescriptor().getMetaModel().genuineEntity(Shift.class).listVariable();
    }

    @Override
    public long getSize(ScoreDirector<FieldPlan> scoreDirector) {
        // an estimate: every visit can seed a ruin
        return Math.max(1, scoreDirector.getWorkingSolution().getVisits().size());
    }

    @Override
    public Iterator<RouteChangeMove> createOriginalMoveIterator(ScoreDirector<FieldPlan> scoreDirector) {
        throw new UnsupportedOperationException("Ruin-and-recreate moves are random; configure the move selector"
                + " with selectionOrder RANDOM (the default) instead of ORIGINAL.");
    }

    @Override
    public Iterator<RouteChangeMove> createRandomMoveIterator(ScoreDirector<FieldPlan> scoreDirector,
            RandomGenerator random) {
        RuinRecreate rr = ruinRecreate;
        if (rr == null) {
            throw new IllegalStateException("The ruin-and-recreate move factory was used outside a phase.");
        }
        // Timefold creates a new iterator every step and undoes each move it evaluates: one snapshot per step.
        RuinRecreate.Snapshot snapshot = rr.snapshot();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public RouteChangeMove next() {
                return snapshot.next(random);
            }
        };
    }
}
