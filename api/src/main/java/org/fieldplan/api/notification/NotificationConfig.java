package org.fieldplan.api.notification;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** Chooses the notification sender from {@code fieldplan.notifications.sender}. */
@Configuration
class NotificationConfig {

    @Bean
    NotificationSender notificationSender(NotificationProperties properties, ObjectProvider<JavaMailSender> mail) {
        if (properties.sender().equals("smtp")) {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException("fieldplan.notifications.sender is 'smtp' but no mail server is configured; "
                        + "set spring.mail.host (and spring.mail.port, username, password as needed).");
            }
            return new SmtpNotificationSender(sender, properties);
        }
        return new LogNotificationSender();
    }
}
