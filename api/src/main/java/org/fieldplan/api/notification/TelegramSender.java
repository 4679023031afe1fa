package org.fieldplan.api.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Messages through the Telegram Bot API, as Telegram documents it: {@code POST /bot<token>/sendMessage} with a JSON
 * body {@code {"chat_id": ..., "text": ...}}; the answer is {@code {"ok": true, "result": {...}}}, or
 * {@code {"ok": false, "description": ...}} which fails the attempt (the outbox retries).
 */
final class TelegramSender implements NotificationSender {

    static final int MAX_TEXT = 4096; // the Bot API's limit for one message

    private final ChannelProperties.Telegram telegram;
    private final HttpClient http;
    private final Duration timeout;

    TelegramSender(ChannelProperties.Telegram telegram, Duration timeout) {
        this.telegram = telegram;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public NotificationStatus send(OutboxMessage m) throws Exception {
        if (m.recipientAddress() == null || !m.recipientAddress().strip().matches("-?[0-9]{1,20}|@[A-Za-z0-9_]{5,32}")) {
            throw new IllegalStateException("Notification #" + m.id() + " has no Telegram chat id (" + m.recipientAddress() + ").");
        }
        String chat = m.recipientAddress().strip();
        String text = m.subject() + "\n\n" + m.body();
        text = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 3) + "..." : text;
        String json = "{\"chat_id\":" + (chat.startsWith("@") ? quote(chat) : chat) + ",\"text\":" + quote(text)
                + ",\"disable_web_page_preview\":true}";
        String base = telegram.baseUrl().endsWith("/") ? telegram.baseUrl().substring(0, telegram.baseUrl().length() - 1) : telegram.baseUrl();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/bot" + telegram.botToken() + "/sendMessage"))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String answer = response.body() == null ? "" : response.body();
        if (response.statusCode() != 200 || !answer.replace(" ", "").contains("\"ok\":true")) {
            throw new IllegalStateException("Telegram answered " + response.statusCode() + ": "
                    + (answer.length() > 300 ? answer.substring(0, 300) : answer));
        }
        return NotificationStatus.SENT;
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public String name() {
        return "telegram";
    }
}
