package org.fieldplan.api.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default sender: writes each notification to the log, so a fresh install needs no mail server. Rows it handles
 * are marked {@code logged}, never {@code sent}: nobody received an e-mail.
 */
final class LogNotificationSender implements NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(LogNotificationSender.class);

    @Override
    public NotificationStatus send(OutboxMessage m) {
        log.info("notification #{} {} to {} {} <{}>: {} | {}", m.id(), m.messageId(), m.recipientRole(),
                m.recipientUserId() == null ? "-" : m.recipientUserId(),
                m.recipientAddress() == null ? "no address" : m.recipientAddress(), m.subject(), m.body());
        return NotificationStatus.LOGGED;
    }

    @Override
    public String name() {
        return "log";
    }
}
