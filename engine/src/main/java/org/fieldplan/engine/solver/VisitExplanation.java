package org.fieldplan.engine.solver;

import java.time.LocalDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A visit in plain words: for an assigned one when it happens and how the technician gets there; for an
 * unassigned one, why it could not be placed.
 *
 * @param shiftId        the shift it is in ({@code null} when unassigned)
 * @param arrival        arrival at the location ({@code null} when unassigned)
 * @param start          service start
 * @param end            service end
 * @param previousStop   label of the previous stop ("the start of the shift" for the first)
 * @param travelSeconds  travel from the previous stop
 * @param travelMetres   distance from the previous stop
 * @param reasons        why it is unassigned (empty when assigned)
 * @param text           one paragraph a dispatcher can read
 */
public record VisitExplanation(String visitId, String label, @Nullable String shiftId, @Nullable LocalDateTime arrival,
        @Nullable LocalDateTime start, @Nullable LocalDateTime end, @Nullable String previousStop, long travelSeconds,
        long travelMetres, List<String> reasons, String text) {

    public boolean assigned() {
        return shiftId != null;
    }
}
