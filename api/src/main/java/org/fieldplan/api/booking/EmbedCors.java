package org.fieldplan.api.booking;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for the public API: browsers on the company's configured sites ({@code fieldplan.embed.origins}) may call
 * {@code /api/public/**} from their own pages' scripts, anonymously (no cookies), exactly as the service's own booking
 * form does. A request whose {@code Origin} is one of them gets {@code Access-Control-Allow-Origin} with that origin
 * (and a preflight is answered 204 here); any other request passes untouched, so the service's own pages work behind
 * any proxy and another site's script simply cannot read the answer (the browser enforces it). The filter runs before
 * the rate limits (order -103; the limits are -102, the direct window queries -101, Spring Security -100), so a 429 reaches the other site's script with
 * its Retry-After instead of looking like a network error, and both forms count against the same per-client limits.
 */
@Configuration
class EmbedCors {

    static final String METHODS = "GET, POST, DELETE";
    static final String HEADERS = "Content-Type, Accept, Accept-Language, Idempotency-Key";
    static final String EXPOSED = "Retry-After, Location, Content-Language";

    @Bean
    FilterRegistrationBean<PublicApiCors> publicApiCors(EmbedProperties embed) {
        FilterRegistrationBean<PublicApiCors> registration = new FilterRegistrationBean<>(new PublicApiCors(Set.copyOf(embed.origins())));
        registration.setOrder(-103);
        registration.addUrlPatterns("/api/public/*");
        return registration;
    }

    static final class PublicApiCors extends OncePerRequestFilter {

        private final Set<String> origins;

        PublicApiCors(Set<String> origins) {
            this.origins = origins;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String origin = request.getHeader(HttpHeaders.ORIGIN);
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            if (origin == null || !origins.contains(origin)) {
                chain.doFilter(request, response);
                return;
            }
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
            if ("OPTIONS".equals(request.getMethod()) && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
                response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
