package org.fieldplan.api.notification;

import java.nio.charset.StandardCharsets;

import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends notifications as plain-text UTF-8 e-mail through the {@code spring.mail.*} server, with the outbox row's
 * stable Message-ID (Spring keeps a Message-ID set before sending). Connect, read and write timeouts come from
 * {@code fieldplan.notifications.smtp-*-timeout} (see {@link NotificationConfig}).
 */
final class SmtpNotificationSender implements NotificationSender {

    private final JavaMailSender mail;
    private final NotificationProperties properties;

    SmtpNotificationSender(JavaMailSender mail, NotificationProperties properties) {
        this.mail = mail;
        this.properties = properties;
    }

    @Override
    public NotificationStatus send(OutboxMessage m) throws Exception {
        String to = m.recipientAddress() != null ? m.recipientAddress() : properties.fallbackAddress();
        if (to == null || to.isBlank()) {
            throw new IllegalStateException("The " + m.recipientRole() + " of notification #" + m.id()
                    + " has no e-mail address and fieldplan.notifications.fallback-address is not set.");
        }
        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from());
        helper.setTo(to);
        helper.setSubject(m.subject());
        helper.setText(m.body(), false);
        message.setHeader("Message-ID", m.messageId());
        mail.send(message);
        return NotificationStatus.SENT;
    }

    @Override
    public String name() {
        return "smtp";
    }
}
