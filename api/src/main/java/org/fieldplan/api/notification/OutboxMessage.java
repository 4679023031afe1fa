package org.fieldplan.api.notification;

import org.jspecify.annotations.Nullable;

/**
 * One notification taken from the outbox for delivery.
 *
 * @param messageId the stable e-mail Message-ID ({@code <outbox-id.registration-number@domain>}): the same on every
 *                  attempt, so a receiving server can drop a copy sent again after a crash
 * @param channel   {@code email}, {@code sms} or {@code telegram}; the recipient address is a mailbox, a phone number
 *                  or a Telegram chat id accordingly
 * @param body      the plain text (an e-mail's text part, or the whole SMS/Telegram message)
 * @param html      an e-mail's HTML part, or null
 * @param calendar  an iCalendar object to attach (RFC 5545 text), or null
 * @param replyTo   the e-mail's Reply-To (carrying the reply token), or null
 */
public record OutboxMessage(long id, @Nullable Long requestId, String kind, String recipientRole,
                            @Nullable Long recipientUserId, @Nullable String recipientAddress, String subject,
                            String body, int attempts, String messageId, String channel, @Nullable String html,
                            @Nullable String calendar, @Nullable String replyTo) {

    /** A plain-text e-mail (the shape before channels, HTML and calendars). */
    public OutboxMessage(long id, @Nullable Long requestId, String kind, String recipientRole, @Nullable Long recipientUserId,
                         @Nullable String recipientAddress, String subject, String body, int attempts, String messageId) {
        this(id, requestId, kind, recipientRole, recipientUserId, recipientAddress, subject, body, attempts, messageId,
                "email", null, null, null);
    }

    /** The METHOD of the attached calendar (REQUEST or CANCEL), or null. */
    public @Nullable String calendarMethod() {
        if (calendar == null) {
            return null;
        }
        int at = calendar.indexOf("METHOD:");
        if (at < 0) {
            return "PUBLISH";
        }
        int end = calendar.indexOf('\r', at);
        return calendar.substring(at + 7, end < 0 ? calendar.indexOf('\n', at) : end).strip();
    }
}
