package org.fieldplan.engine.solver.search;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import java.util.HashMap;
import java.util.Map;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.PublishedPlacement;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.FieldPlanConstraintProvider;

/**
 * What the minimal-change rule ({@link FieldPlanConstraintProvider#PUBLISHED_VISIT_CHANGED}) charges for a published
 * visit at a place and a start, as primitive arrays by the search's visit and shift numbers, so that a search on its own
 * route copy ({@link RoutePlanner#timeCost}) judges a route as the score would: per published visit, the rule's weight
 * times ({@link PublishedPlacement#REASSIGNMENT_SECONDS} when its shift's technician is not the one it was published to,
 * plus the seconds its start lies outside the promised window). The same sum as {@link Visit#publishedChangeSeconds()}.
 */
final class PublishedCosts {

    /** Soft score per second of change (the rule's weight). */
    private final long weight;
    /** published[v]: whether visit v has a published placement. */
    private final boolean[] published;
    /**
     * publishedTechnician[v]: the search's number of the technician v was published to ({@link SearchModel#shiftTechnician}),
     * or -1 when that technician has no shift in the problem (absent: every place is another technician).
     */
    private final int[] publishedTechnician;
    private final long[] promisedStart;
    private final long[] promisedEnd;

    private PublishedCosts(long weight, boolean[] published, int[] publishedTechnician, long[] promisedStart,
            long[] promisedEnd) {
        this.weight = weight;
        this.published = published;
        this.publishedTechnician = publishedTechnician;
        this.promisedStart = promisedStart;
        this.promisedEnd = promisedEnd;
    }

    /** The rule's costs for the plan, or null when its weight is 0 or no visit was published (nothing to charge). */
    static @org.jspecify.annotations.Nullable PublishedCosts of(FieldPlan plan, SearchModel model) {
        HardMediumSoftScore w = plan.getConstraintWeightOverrides()
                .getConstraintWeight(FieldPlanConstraintProvider.PUBLISHED_VISIT_CHANGED);
        long weight = w == null ? 1 : w.softScore();
        if (weight <= 0) {
            return null;
        }
        Map<String, Integer> technicianNumber = new HashMap<>();
        for (int s = 0; s < model.shiftCount(); s++) {
            technicianNumber.put(model.shifts.get(s).getTechnician().id(), model.shiftTechnician[s]);
        }
        int n = model.visitCount();
        boolean[] published = new boolean[n];
        int[] technician = new int[n];
        long[] start = new long[n];
        long[] end = new long[n];
        boolean any = false;
        for (int v = 0; v < n; v++) {
            PublishedPlacement p = model.visits.get(v).getPublished();
            if (p == null) {
                continue;
            }
            any = true;
            published[v] = true;
            technician[v] = technicianNumber.getOrDefault(p.technicianId(), -1);
            start[v] = p.promised().start();
            end[v] = p.promised().end();
        }
        return any ? new PublishedCosts(weight, published, technician, start, end) : null;
    }

    /** What the rule charges for visit {@code v} starting at {@code start} in a shift of technician number {@code technician}. */
    long cost(int v, int technician, long start) {
        if (!published[v]) {
            return 0;
        }
        long seconds = technician == publishedTechnician[v] ? 0 : PublishedPlacement.REASSIGNMENT_SECONDS;
        if (start < promisedStart[v]) {
            seconds += promisedStart[v] - start;
        } else if (start > promisedEnd[v]) {
            seconds += start - promisedEnd[v];
        }
        return weight * seconds;
    }
}
