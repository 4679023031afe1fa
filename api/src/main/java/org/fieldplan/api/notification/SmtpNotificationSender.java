package org.fieldplan.api.notification;

import java.nio.charset.StandardCharsets;

import jakarta.mail.internet.MimeMessage;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends e-mail notifications through the {@code spring.mail.*} server, with the outbox row's stable Message-ID
 * (Spring keeps a Message-ID set before sending): the plain-text part and, when the row has one, the HTML part as
 * alternatives, the iCalendar event as a {@code text/calendar; method=...} attachment ({@code visit.ics}), and the
 * Reply-To carrying the reply token. Connect, read and write timeouts come from
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
        boolean multipart = m.html() != null || m.calendar() != null;
        MimeMessageHelper helper = multipart
                ? new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED, StandardCharsets.UTF_8.name())
                : new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from());
        helper.setTo(to);
        if (m.replyTo() != null) {
            helper.setReplyTo(m.replyTo());
        }
        helper.setSubject(m.subject());
        if (m.html() != null) {
            helper.setText(m.body(), m.html());
        } else {
            helper.setText(m.body(), false);
        }
        if (m.calendar() != null) {
            helper.addAttachment("visit.ics", new ByteArrayResource(m.calendar().getBytes(StandardCharsets.UTF_8)),
                    "text/calendar; charset=UTF-8; method=" + m.calendarMethod());
        }
        message.setHeader("Message-ID", m.messageId());
        mail.send(message);
        return NotificationStatus.SENT;
    }

    @Override
    public String name() {
        return "smtp";
    }
}
