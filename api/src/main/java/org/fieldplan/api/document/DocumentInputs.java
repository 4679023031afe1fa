package org.fieldplan.api.document;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/** What callers send to the documents endpoints. */
final class DocumentInputs {

    private DocumentInputs() {}

    /** The office's specification: conditions in words and the last day the offer holds (14 days when left out). */
    record NewSpecification(@Nullable String conditions, @Nullable LocalDate validUntil) {}

    /**
     * The customer's decision on document {@code number}: agree | refuse (a specification), accept | dispute (an act);
     * a dispute needs a comment, which becomes a public comment on the request.
     */
    record Decision(@Nullable Integer number, @Nullable String decision, @Nullable String comment) {}
}
