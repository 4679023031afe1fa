package org.fieldplan.api.request;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** The small wire types of the request endpoints besides intake and the full view. */
public final class RequestMessages {

    private RequestMessages() {
    }

    /** Move a request to {@code status}; {@code technicianId} assigns the technician on the way (staff only). */
    public record StatusChange(@Nullable String status, @Nullable String note, @Nullable Long technicianId) {

        /** The change a feature of the service asks for (not read from a caller): a status and a note. */
        public static StatusChange to(RequestStatus status, @Nullable String note) {
            return new StatusChange(status.code(), note, null);
        }
    }

    /** Staff edits; a field left out (null) stays as it is. */
    public record RequestEdit(@Nullable Integer priority, @Nullable OffsetDateTime deadline,
                              @Nullable PreferredWindow preferredWindow, @Nullable Long technicianId,
                              @Nullable String description) {
    }

    public record HistoryEntry(@Nullable String from, String to, @Nullable Long changedBy, String changedByName,
                               OffsetDateTime changedAt, @Nullable String note) {
    }

    public record NewComment(@Nullable String visibility, @Nullable String body) {
    }

    public record CommentView(long id, String visibility, String body, @Nullable Long authorId, String authorName,
                              OffsetDateTime createdAt) {
    }

    public record NewRating(@Nullable Integer stars, @Nullable String text) {
    }
}
