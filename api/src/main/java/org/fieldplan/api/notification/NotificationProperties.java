package org.fieldplan.api.notification;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code fieldplan.notifications.*}: how notifications leave the outbox.
 *
 * @param sender          {@code log} (default: write each notification to the log) or {@code smtp} (send e-mail
 *                        through {@code spring.mail.*}, which must then be configured)
 * @param from            the sender address of e-mails
 * @param fallbackAddress where notifications without a recipient address go by e-mail (e.g. the dispatch desk);
 *                        without it they fail with a clear reason
 * @param maxAttempts     attempts before a notification is marked failed
 * @param retryDelay      wait before the second attempt; doubles with each further attempt
 * @param batchSize       notifications sent per drain
 * @param scheduling      run the deadline watch and the outbox drain on timers (off in tests, which call them)
 * @param deadlineCheckInterval how often overdue requests are looked for
 * @param drainInterval   how often the outbox is drained
 * @param smtpConnectTimeout how long the SMTP sender waits to connect to the mail server
 * @param smtpReadTimeout    how long it waits for each answer of the mail server
 * @param smtpWriteTimeout   how long it may take to write to the mail server
 * @param messageIdDomain    the right-hand part of the e-mails' Message-ID ({@code <outbox-id.number@domain>});
 *                           by default the domain of {@code from}
 */
@ConfigurationProperties("fieldplan.notifications")
public record NotificationProperties(
        @DefaultValue("log") String sender,
        @DefaultValue("fieldplan@localhost") String from,
        @Nullable String fallbackAddress,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("PT1M") Duration retryDelay,
        @DefaultValue("50") int batchSize,
        @DefaultValue("true") boolean scheduling,
        @DefaultValue("PT5M") Duration deadlineCheckInterval,
        @DefaultValue("PT30S") Duration drainInterval,
        @DefaultValue("PT10S") Duration smtpConnectTimeout,
        @DefaultValue("PT30S") Duration smtpReadTimeout,
        @DefaultValue("PT30S") Duration smtpWriteTimeout,
        @Nullable String messageIdDomain) {

    public NotificationProperties {
        if (!sender.equals("log") && !sender.equals("smtp")) {
            throw new IllegalArgumentException("fieldplan.notifications.sender is '" + sender + "'; use 'log' or 'smtp'.");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("fieldplan.notifications.max-attempts is " + maxAttempts + "; use 1 or more.");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("fieldplan.notifications.batch-size is " + batchSize + "; use 1 or more.");
        }
        for (var timeout : java.util.Map.of("smtp-connect-timeout", smtpConnectTimeout, "smtp-read-timeout", smtpReadTimeout,
                "smtp-write-timeout", smtpWriteTimeout).entrySet()) {
            if (timeout.getValue().isNegative() || timeout.getValue().isZero() || timeout.getValue().toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("fieldplan.notifications." + timeout.getKey() + " is " + timeout.getValue()
                        + "; use a positive duration such as PT10S (zero would mean: wait for ever).");
            }
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("fieldplan.notifications.retry-delay is " + retryDelay + "; it cannot be negative.");
        }
    }

    /** The domain of the e-mails' Message-ID. */
    public String messageIdDomainOrDefault() {
        if (messageIdDomain != null && !messageIdDomain.isBlank()) {
            return messageIdDomain.strip();
        }
        int at = from.lastIndexOf('@');
        String domain = at >= 0 ? from.substring(at + 1).replace(">", "").strip() : "";
        return domain.isEmpty() ? "fieldplan.localhost" : domain;
    }
}
