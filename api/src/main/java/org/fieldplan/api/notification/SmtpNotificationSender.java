package org.fieldplan.api.notification;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends e-mail notifications through the {@code spring.mail.*} server, with the outbox row's stable Message-ID
 * (Spring keeps a Message-ID set before sending): the plain-text part and, when the row has one, the HTML part as
 * alternatives, the iCalendar event as a {@code text/calendar; method=...} attachment ({@code visit.ics}), and the
 * Reply-To carrying the reply token. Connect, read and write timeouts come from
 * {@code fieldplan.notifications.smtp-*-timeout} (see {@link NotificationConfig}).
 * <p>
 * Connections to the server are kept and reused (a few idle ones, checked with NOOP before use): one message is still
 * one SMTP transaction (MAIL, RCPT, DATA) inside one database transaction, but not one TCP connection and greeting
 * each. A connection that fails is closed and the attempt fails (the outbox retries); a send is never repeated inside
 * an attempt, so reuse cannot make a copy.
 */
final class SmtpNotificationSender implements NotificationSender {

    private static final int IDLE_CONNECTIONS = 8;

    private final JavaMailSender mail;
    private final NotificationProperties properties;
    /** A connection that used to work recently is used without a NOOP first (a server drops idle ones after minutes). */
    static final long TRUSTED_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    private record Idle(Transport transport, long since) {}

    private final BlockingQueue<Idle> idle = new ArrayBlockingQueue<>(IDLE_CONNECTIONS);

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
        if (!(mail instanceof JavaMailSenderImpl impl)) {
            mail.send(message);
            return NotificationStatus.SENT;
        }
        message.saveChanges(); // builds the MIME structure; it also makes up a Message-ID, so ours is set again
        message.setHeader("Message-ID", m.messageId());
        Transport transport = connection(impl);
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            close(transport);
            throw e;
        }
        if (!idle.offer(new Idle(transport, System.nanoTime()))) {
            close(transport);
        }
        return NotificationStatus.SENT;
    }

    /** An idle connection that still answers, or a new one. */
    private Transport connection(JavaMailSenderImpl impl) throws MessagingException {
        Idle i;
        while ((i = idle.poll()) != null) {
            // a connection that delivered a message a moment ago is taken as it is; an older one must answer NOOP
            if (System.nanoTime() - i.since() < TRUSTED_NANOS || i.transport().isConnected()) {
                return i.transport();
            }
            close(i.transport());
        }
        Transport transport = impl.getSession().getTransport(impl.getProtocol() == null ? "smtp" : impl.getProtocol());
        transport.connect(impl.getHost(), impl.getPort(), impl.getUsername(), impl.getPassword());
        return transport;
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // already broken: nothing more to do
        }
    }

    @Override
    public String name() {
        return "smtp";
    }
}
