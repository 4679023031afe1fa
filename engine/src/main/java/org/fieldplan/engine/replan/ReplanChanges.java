package org.fieldplan.engine.replan;

import java.util.ArrayList;
import java.util.List;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.PublishedPlacement;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.jspecify.annotations.Nullable;

/**
 * What a replan changes against the published plan, for the dispatcher to review: who moves where, which customers
 * get a new time (their start left the promised window), which published visits no longer fit. Read from a solved
 * replan ({@link Replanning#from}): the published placements are its visits' facts.
 *
 * @param published    published visits that could still change (not pinned)
 * @param moved        published visits now with another technician
 * @param newTimes     published visits whose start left the promised window (with or without a move)
 * @param dropped      published visits left unassigned
 * @param unassigned   every unassigned visit of the replan (published, new or never placed)
 */
public record ReplanChanges(List<Visit> published, List<Move> moved, List<Move> newTimes, List<Visit> dropped,
        List<Visit> unassigned) {

    /** One published visit's change. {@code toTechnicianId} is null when it was left out. */
    public record Move(String visitId, String fromTechnicianId, @Nullable String toTechnicianId, long publishedStart,
            long newStart) {
    }

    public static ReplanChanges of(FieldPlan replanned) {
        List<Visit> published = new ArrayList<>();
        List<Move> moved = new ArrayList<>();
        List<Move> newTimes = new ArrayList<>();
        List<Visit> dropped = new ArrayList<>();
        List<Visit> unassigned = new ArrayList<>();
        for (Visit v : replanned.getVisits()) {
            PublishedPlacement p = v.getPublished();
            Shift shift = v.getShift();
            if (shift == null) {
                unassigned.add(v);
            }
            if (p == null || v.isPinned()) {
                continue;
            }
            published.add(v);
            if (shift == null) {
                dropped.add(v);
                continue;
            }
            Move move = new Move(v.getId(), p.technicianId(), shift.getTechnician().id(), p.start(), v.getStartTime());
            if (v.isMovedFromPublishedTechnician()) {
                moved.add(move);
            }
            if (v.hasNewTime()) {
                newTimes.add(move);
            }
        }
        return new ReplanChanges(List.copyOf(published), List.copyOf(moved), List.copyOf(newTimes), List.copyOf(dropped),
                List.copyOf(unassigned));
    }
}
