package org.fieldplan.api.notification;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** Sends notifications as plain-text e-mail through the {@code spring.mail.*} server. */
final class SmtpNotificationSender implements NotificationSender {

    private final JavaMailSender mail;
    private final NotificationProperties properties;

    SmtpNotificationSender(JavaMailSender mail, NotificationProperties properties) {
        this.mail = mail;
        this.properties = properties;
    }

    @Override
    public void send(OutboxMessage m) {
        String to = m.recipientAddress() != null ? m.recipientAddress() : properties.fallbackAddress();
        if (to == null || to.isBlank()) {
            throw new IllegalStateException("The " + m.recipientRole() + " of notification #" + m.id()
                    + " has no e-mail address and fieldplan.notifications.fallback-address is not set.");
        }
        SimpleMailMessage mailMessage = new SimpleMailMessage();
        mailMessage.setFrom(properties.from());
        mailMessage.setTo(to);
        mailMessage.setSubject(m.subject());
        mailMessage.setText(m.body());
        mail.send(mailMessage);
    }

    @Override
    public String name() {
        return "smtp";
    }
}
