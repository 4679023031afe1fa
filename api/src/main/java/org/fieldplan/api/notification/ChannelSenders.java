package org.fieldplan.api.notification;

/**
 * The one sender the outbox uses: each message goes out on its row's channel (e-mail, SMS, Telegram) through that
 * channel's sender. A channel that is not configured writes to the log instead (status {@code logged}).
 */
final class ChannelSenders implements NotificationSender {

    private final NotificationSender email;
    private final NotificationSender sms;
    private final NotificationSender telegram;

    ChannelSenders(NotificationSender email, NotificationSender sms, NotificationSender telegram) {
        this.email = email;
        this.sms = sms;
        this.telegram = telegram;
    }

    @Override
    public NotificationStatus send(OutboxMessage message) throws Exception {
        return of(message.channel()).send(message);
    }

    NotificationSender of(String channel) {
        return switch (channel) {
            case "sms" -> sms;
            case "telegram" -> telegram;
            default -> email;
        };
    }

    @Override
    public String name() {
        return "email:" + email.name() + ", sms:" + sms.name() + ", telegram:" + telegram.name();
    }
}
