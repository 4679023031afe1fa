package org.fieldplan.api.notification;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code fieldplan.notifications.inbox.*}: the mailbox read over IMAP ({@link MailInbox}). Replies to notifications
 * arrive at {@code messages.reply-to} with a {@code +token}; new requests at {@code intake-address}; both may be one
 * mailbox (most servers deliver {@code local+tag@domain} to {@code local@domain}).
 *
 * @param enabled        read the mailbox on a timer
 * @param protocol       {@code imaps} (TLS, port 993) or {@code imap}
 * @param intakeAddress  e-mail to this address without a reply token becomes a draft request for the dispatchers
 * @param interval       how often the mailbox is read
 */
@ConfigurationProperties("fieldplan.notifications.inbox")
public record InboxProperties(
        @DefaultValue("false") boolean enabled,
        @Nullable String host,
        @DefaultValue("993") int port,
        @DefaultValue("imaps") String protocol,
        @Nullable String username,
        @Nullable String password,
        @DefaultValue("INBOX") String folder,
        @Nullable String intakeAddress,
        @DefaultValue("PT1M") Duration interval,
        @DefaultValue("PT10S") Duration connectTimeout,
        @DefaultValue("PT30S") Duration readTimeout) {

    public InboxProperties {
        if (!protocol.equals("imap") && !protocol.equals("imaps")) {
            throw new IllegalArgumentException("fieldplan.notifications.inbox.protocol is '" + protocol + "'; use imaps or imap.");
        }
        if (enabled && (host == null || host.isBlank() || username == null || username.isBlank())) {
            throw new IllegalArgumentException("fieldplan.notifications.inbox.enabled is true but host or username is not set;"
                    + " set fieldplan.notifications.inbox.host, .username and .password.");
        }
    }
}
