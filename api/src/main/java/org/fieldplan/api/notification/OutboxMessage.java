package org.fieldplan.api.notification;

import org.jspecify.annotations.Nullable;

/**
 * One notification taken from the outbox for delivery.
 *
 * @param messageId the stable e-mail Message-ID ({@code <outbox-id.registration-number@domain>}): the same on every
 *                  attempt, so a receiving server can drop a copy sent again after a crash
 */
public record OutboxMessage(long id, @Nullable Long requestId, String kind, String recipientRole,
                            @Nullable Long recipientUserId, @Nullable String recipientAddress, String subject,
                            String body, int attempts, String messageId) {
}
