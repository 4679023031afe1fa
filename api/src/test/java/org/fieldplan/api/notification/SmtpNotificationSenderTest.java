package org.fieldplan.api.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The SMTP sender against a real socket: a minimal SMTP server in the test records what Jakarta Mail sends, so the
 * envelope, headers and text of the e-mail are checked as they travel.
 */
class SmtpNotificationSenderTest {

    private ServerSocket server;
    private CompletableFuture<List<String>> conversation;

    @BeforeEach
    void startServer() throws IOException {
        server = new ServerSocket(0);
        conversation = CompletableFuture.supplyAsync(this::serveOneSession);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    /** Accepts one connection and answers the commands Jakarta Mail sends for one plain-text message. */
    private List<String> serveOneSession() {
        List<String> received = new ArrayList<>();
        try (Socket socket = server.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            socket.setSoTimeout(10_000);
            reply(out, "220 test-smtp ready");
            String line;
            while ((line = in.readLine()) != null) {
                received.add(line);
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 test-smtp");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            received.add(data);
                        }
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return received;
                    }
                    default -> reply(out, "502 not implemented");
                }
            }
        } catch (IOException e) {
            received.add("server error: " + e);
        }
        return received;
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    private NotificationProperties properties(String fallback) {
        return new NotificationProperties("smtp", "dispatch@fieldplan.test", fallback, 5, Duration.ofMinutes(1), 50, false,
                Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    private JavaMailSenderImpl mail() {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(server.getLocalPort());
        return mail;
    }

    @Test
    void sendsThePlainTextMailToTheRecipientFromTheConfiguredAddress() throws Exception {
        SmtpNotificationSender sender = new SmtpNotificationSender(mail(), properties(null));

        sender.send(new OutboxMessage(7, 42L, "status_changed", "customer", 3L, "anna@example.test",
                "Service request 2026-000042: agreed", "Your service request 2026-000042 moved from 'quoted' to 'agreed'.", 1));

        List<String> lines = conversation.get(10, TimeUnit.SECONDS);
        assertThat(lines).contains("MAIL FROM:<dispatch@fieldplan.test>", "RCPT TO:<anna@example.test>",
                "Subject: Service request 2026-000042: agreed",
                "Your service request 2026-000042 moved from 'quoted' to 'agreed'.");
    }

    @Test
    void aRecipientWithoutAddressGoesToTheFallbackAddress() throws Exception {
        SmtpNotificationSender sender = new SmtpNotificationSender(mail(), properties("desk@fieldplan.test"));

        sender.send(new OutboxMessage(8, 43L, "deadline_passed", "dispatcher", null, null, "Overdue", "Late.", 1));

        assertThat(conversation.get(10, TimeUnit.SECONDS)).contains("RCPT TO:<desk@fieldplan.test>");
    }

    @Test
    void withoutAnyAddressItFailsNamingTheSetting() {
        SmtpNotificationSender sender = new SmtpNotificationSender(mail(), properties(null));

        assertThatThrownBy(() -> sender.send(new OutboxMessage(9, 44L, "deadline_passed", "dispatcher", null, null, "Overdue", "Late.", 1)))
                .hasMessageContaining("notification #9")
                .hasMessageContaining("fieldplan.notifications.fallback-address");
    }
}
