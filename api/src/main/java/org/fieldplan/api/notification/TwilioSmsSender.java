package org.fieldplan.api.notification;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * SMS through Twilio's Messages API, as Twilio documents it: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}
 * with HTTP Basic (account SID : auth token) and the form fields {@code To}, {@code From}, {@code Body}; 201 with the
 * message's {@code sid} when accepted. Anything else fails the attempt with Twilio's answer (the outbox retries).
 */
final class TwilioSmsSender implements NotificationSender {

    static final int MAX_BODY = 1600; // Twilio's limit for one message body

    private final ChannelProperties.Sms sms;
    private final HttpClient http;
    private final Duration timeout;

    TwilioSmsSender(ChannelProperties.Sms sms, Duration timeout) {
        this.sms = sms;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public NotificationStatus send(OutboxMessage m) throws Exception {
        if (m.recipientAddress() == null || !m.recipientAddress().strip().matches("\\+?[0-9 ()-]{6,20}")) {
            throw new IllegalStateException("Notification #" + m.id() + " has no phone number to send an SMS to ("
                    + m.recipientAddress() + ").");
        }
        String to = m.recipientAddress().replaceAll("[ ()-]", "");
        String body = m.body().length() > MAX_BODY ? m.body().substring(0, MAX_BODY - 3) + "..." : m.body();
        String form = "To=" + enc(to) + "&From=" + enc(sms.from()) + "&Body=" + enc(body);
        String base = sms.baseUrl().endsWith("/") ? sms.baseUrl().substring(0, sms.baseUrl().length() - 1) : sms.baseUrl();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/2010-04-01/Accounts/" + enc(sms.accountSid()) + "/Messages.json"))
                .timeout(timeout)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (sms.accountSid() + ":" + sms.authToken()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            String answer = response.body() == null ? "" : response.body();
            throw new IllegalStateException("Twilio answered " + response.statusCode() + ": "
                    + (answer.length() > 300 ? answer.substring(0, 300) : answer));
        }
        return NotificationStatus.SENT;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "sms:twilio";
    }
}
