package org.fieldplan.api.request;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** When the customer would like the visit to start; both ends or neither. */
public record PreferredWindow(@Nullable OffsetDateTime start, @Nullable OffsetDateTime end) {
}
