package org.fieldplan.api.notification;

import org.jspecify.annotations.Nullable;

/** One notification taken from the outbox for delivery. */
public record OutboxMessage(long id, @Nullable Long requestId, String kind, String recipientRole,
                            @Nullable Long recipientUserId, @Nullable String recipientAddress, String subject,
                            String body, int attempts) {
}
