package org.fieldplan.api.notification;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code fieldplan.notifications.messages.*}: what the messages say and where their links lead.
 *
 * @param publicBaseUrl the address customers reach the service at; every message links into the cabinet below it
 *                      ({@code <base>/cabinet/...})
 * @param replyTo       the mailbox replies go to; each customer e-mail gets the Reply-To {@code local+<token>@domain}
 *                      so that a reply becomes a comment on its request (read over IMAP, {@link MailInbox}); unset:
 *                      no Reply-To, replies reach {@code from}
 * @param companyName   how messages sign off
 * @param officeOpens   office hours on weekdays (company time zone): a booking registered outside them is announced
 *                      to the zone's dispatcher as such
 * @param officeCloses  the end of office hours
 */
@ConfigurationProperties("fieldplan.notifications.messages")
public record MessageProperties(
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @Nullable String replyTo,
        @DefaultValue("FieldPlan") String companyName,
        @DefaultValue("08:00") java.time.LocalTime officeOpens,
        @DefaultValue("18:00") java.time.LocalTime officeCloses) {

    public MessageProperties {
        if (!publicBaseUrl.startsWith("http://") && !publicBaseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("fieldplan.notifications.messages.public-base-url is '" + publicBaseUrl
                    + "'; use the address customers open, such as https://service.example.com");
        }
        if (replyTo != null && !replyTo.isBlank() && !replyTo.matches("[^@\\s+]+@[^@\\s]+")) {
            throw new IllegalArgumentException("fieldplan.notifications.messages.reply-to is '" + replyTo
                    + "'; use a plain mailbox without '+', such as requests@example.com (the token is added after a '+').");
        }
    }

    /** The base URL without a trailing slash. */
    public String base() {
        return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /** The Reply-To address carrying {@code token}, or null when no reply mailbox is configured. */
    public @Nullable String replyAddress(String token) {
        if (replyTo == null || replyTo.isBlank()) {
            return null;
        }
        int at = replyTo.indexOf('@');
        return replyTo.substring(0, at) + "+" + token + replyTo.substring(at);
    }
}
