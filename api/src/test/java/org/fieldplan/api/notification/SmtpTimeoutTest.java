package org.fieldplan.api.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A mail server that accepts the connection and then says nothing must not hold the drainer (and its database
 * transaction) for ever: the read timeout ends the attempt with a reason.
 */
class SmtpTimeoutTest {

    @Test
    void aSilentMailServerEndsTheAttemptAfterTheReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(60_000); // connected, never greets
                } catch (Exception e) {
                    // the test is over
                }
            });
            NotificationProperties properties = new NotificationProperties("smtp", "dispatch@fieldplan.test", null, 5,
                    Duration.ofMinutes(1), 50, false, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), null);
            JavaMailSenderImpl mail = new JavaMailSenderImpl();
            mail.setHost("127.0.0.1");
            mail.setPort(silent.getLocalPort());
            NotificationConfig.applyTimeouts(mail, properties);
            SmtpNotificationSender sender = new SmtpNotificationSender(mail, properties);
            OutboxMessage message = new OutboxMessage(1, 1L, "status_changed", "customer", null, "anna@example.test",
                    "Subject", "Body", 1, "<1.2026-000001@fieldplan.test>");

            // without a read timeout Jakarta Mail would wait for the greeting for ever
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> sender.send(message)).hasStackTraceContaining("Read timed out"));
            acceptor.interrupt();
        }
    }

    @Test
    void aZeroTimeoutIsRefusedWithThePropertyName() {
        assertThatThrownBy(() -> new NotificationProperties("smtp", "x@y", null, 5, Duration.ofMinutes(1), 50, false,
                Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), null))
                .hasMessageContaining("smtp-connect-timeout");
        assertThat(new NotificationProperties("smtp", "Dispatch <desk@malta.example>", null, 5, Duration.ofMinutes(1), 50,
                false, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), null).messageIdDomainOrDefault()).isEqualTo("malta.example");
    }
}
