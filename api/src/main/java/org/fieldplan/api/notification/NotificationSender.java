package org.fieldplan.api.notification;

/** Delivers one notification; throws when it could not, with a reason fit for the outbox's last_error. */
public interface NotificationSender {

    /**
     * Delivers the message and says how: {@link NotificationStatus#SENT} when a mail server accepted it,
     * {@link NotificationStatus#LOGGED} when it only went to the service log.
     */
    NotificationStatus send(OutboxMessage message) throws Exception;

    /** A short name for logs ({@code log}, {@code smtp}). */
    String name();
}
