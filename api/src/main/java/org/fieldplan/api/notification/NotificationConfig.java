package org.fieldplan.api.notification;

import java.util.Properties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Chooses the notification sender from {@code fieldplan.notifications.sender}. The SMTP sender never waits for ever:
 * connect, read and write timeouts come from {@code fieldplan.notifications.smtp-*-timeout} unless
 * {@code spring.mail.properties.mail.smtp.*timeout} sets them explicitly.
 */
@Configuration
class NotificationConfig {

    @Bean
    NotificationSender notificationSender(NotificationProperties properties, ChannelProperties channels,
                                          ObjectProvider<JavaMailSender> mail) {
        NotificationSender email = new LogNotificationSender();
        if (properties.sender().equals("smtp")) {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException("fieldplan.notifications.sender is 'smtp' but no mail server is configured; "
                        + "set spring.mail.host (and spring.mail.port, username, password as needed).");
            }
            if (sender instanceof JavaMailSenderImpl impl) {
                applyTimeouts(impl, properties);
            }
            email = new SmtpNotificationSender(sender, properties);
        }
        NotificationSender sms = channels.sms().configured()
                ? new TwilioSmsSender(channels.sms(), properties.smtpReadTimeout()) : new LogNotificationSender();
        NotificationSender telegram = channels.telegram().configured()
                ? new TelegramSender(channels.telegram(), properties.smtpReadTimeout()) : new LogNotificationSender();
        return new ChannelSenders(email, sms, telegram);
    }

    /** Sets Jakarta Mail's connect/read/write timeouts (milliseconds) where the configuration left them unset. */
    static void applyTimeouts(JavaMailSenderImpl mail, NotificationProperties properties) {
        Properties p = mail.getJavaMailProperties();
        for (String protocol : new String[] {"smtp", "smtps"}) {
            p.putIfAbsent("mail." + protocol + ".connectiontimeout", String.valueOf(properties.smtpConnectTimeout().toMillis()));
            p.putIfAbsent("mail." + protocol + ".timeout", String.valueOf(properties.smtpReadTimeout().toMillis()));
            p.putIfAbsent("mail." + protocol + ".writetimeout", String.valueOf(properties.smtpWriteTimeout().toMillis()));
        }
        mail.setJavaMailProperties(p);
    }
}
