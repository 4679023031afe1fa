package org.fieldplan.api.limits;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** The 429 problem written by the limit filters, in English or Russian (Accept-Language or {@code ?lang=ru}). */
final class TooManyRequests {

    private TooManyRequests() {}

    static boolean russian(HttpServletRequest request) {
        String lang;
        try {
            lang = request.getParameter("lang");
        } catch (IllegalStateException e) { // undecodable query: the controller answers 400 for it
            lang = null;
        }
        if (lang == null) {
            lang = request.getHeader(HttpHeaders.ACCEPT_LANGUAGE);
        }
        return lang != null && lang.strip().toLowerCase(Locale.ROOT).startsWith("ru");
    }

    static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response, String type,
            String title, String detail, long retryAfterSeconds, Map<String, ? extends @Nullable Object> properties)
            throws IOException {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("type", "/problems/" + type);
        body.put("title", title);
        body.put("status", 429);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        body.put("retryAfterSeconds", retryAfterSeconds);
        body.putAll(properties);
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
