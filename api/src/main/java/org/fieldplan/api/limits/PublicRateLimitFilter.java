package org.fieldplan.api.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits per client address on the public booking API, the booking page and the sign-in form, before the
 * security filters (order -102; Spring Security's chain is -100) and before the direct window queries (-101, booking.DirectWindowQueries) and before any work: a refused request costs a
 * map look-up. 429 problem+json with Retry-After.
 */
@Component
@Order(-102)
class PublicRateLimitFilter extends OncePerRequestFilter {

    private final LimitProperties limits;
    private final ClientAddress clients;
    private final RateLimiter limiter;
    private final JsonMapper json;

    PublicRateLimitFilter(LimitProperties limits, ClientAddress clients, JsonMapper json) {
        this.limits = limits;
        this.clients = clients;
        this.limiter = new RateLimiter(limits.maxClients());
        this.json = json;
    }

    /** The limit a request counts against (its name and rate), or null for requests not limited here. */
    record Limit(String name, String en, String ru, Rate rate) {}

    @Nullable Limit limitOf(String method, String path) {
        if (path.startsWith("/api/public/")) {
            String rest = path.substring("/api/public/".length());
            if (rest.startsWith("map/")) {
                return null;    // the base map: served from memory like static files; one view asks for dozens of tiles
            }
            if (rest.equals("addresses")) {
                return new Limit("addresses", "address search", "поиск адреса", limits.addresses());
            }
            if (rest.equals("windows")) {
                return new Limit("windows", "window search", "поиск окон", limits.windows());
            }
            if (rest.equals("holds") || rest.startsWith("holds/")) {
                return new Limit("holds", "holding windows", "бронирование окон", limits.holds());
            }
            if (rest.equals("bookings")) {
                return new Limit("bookings", "bookings", "запись", limits.bookings());
            }
            return new Limit("public", "the booking site", "сайт записи", limits.publicOther());
        }
        if (path.equals("/book") || path.startsWith("/book/")) {
            return new Limit("public", "the booking site", "сайт записи", limits.publicOther());
        }
        if (path.equals("/login") && method.equals("POST")) {
            return new Limit("login", "sign-in attempts", "попытки входа", limits.loginForm());
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limit limit = limitOf(request.getMethod(), request.getRequestURI());
        if (limit != null) {
            String client = clients.of(request);
            RateLimiter.Decision decision = limiter.take(limit.name(), limit.rate(), client);
            if (!decision.allowed()) {
                Rate r = limit.rate();
                boolean ru = TooManyRequests.russian(request);
                String detail = ru
                        ? "Слишком много запросов с вашего адреса (" + limit.ru() + "): не больше " + r.count() + " за "
                                + r.period().toSeconds() + " с. Повторите через " + decision.retryAfterSeconds() + " с."
                        : "Too many requests from your address for " + limit.en() + ": at most " + r.count() + " per "
                                + r.period().toSeconds() + " s. Try again in " + decision.retryAfterSeconds() + " s.";
                TooManyRequests.write(json, request, response, "rate-limited", "Too many requests", detail,
                        decision.retryAfterSeconds(), Map.of("limit", limit.name(), "rate", r.toString()));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
