package org.fieldplan.api.notification;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code fieldplan.notifications.channels.*}: the SMS and Telegram channels. A channel without its credentials writes
 * its messages to the log (status {@code logged}), like the e-mail channel with {@code sender: log}.
 *
 * @param sms      Twilio's Messages API ({@code POST <base-url>/2010-04-01/Accounts/<sid>/Messages.json}, HTTP Basic
 *                 with the account SID and auth token, form fields To, From, Body)
 * @param telegram the Telegram Bot API ({@code POST <base-url>/bot<token>/sendMessage}, JSON chat_id and text)
 */
@ConfigurationProperties("fieldplan.notifications.channels")
public record ChannelProperties(@DefaultValue Sms sms, @DefaultValue Telegram telegram) {

    /**
     * @param baseUrl    Twilio's API root (a test points it at its own server)
     * @param accountSid the account SID (AC...)
     * @param authToken  the auth token
     * @param from       the sending number in E.164 (+35699000000) or a messaging service's sender
     */
    public record Sms(@DefaultValue("https://api.twilio.com") String baseUrl, @Nullable String accountSid,
                      @Nullable String authToken, @Nullable String from) {
        public boolean configured() {
            return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank()
                    && from != null && !from.isBlank();
        }
    }

    /**
     * @param baseUrl  the Bot API root
     * @param botToken the bot's token from BotFather
     */
    public record Telegram(@DefaultValue("https://api.telegram.org") String baseUrl, @Nullable String botToken) {
        public boolean configured() {
            return botToken != null && !botToken.isBlank();
        }
    }
}
