package org.fieldplan.api.notification;

/** Delivers one notification; throws when it could not, with a reason fit for the outbox's last_error. */
public interface NotificationSender {

    void send(OutboxMessage message) throws Exception;

    /** A short name for logs ({@code log}, {@code smtp}). */
    String name();
}
