package org.fieldplan.api.booking;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for the public API: browsers on the company's configured sites ({@code fieldplan.embed.origins}) may call
 * {@code /api/public/**} from their own pages' scripts, anonymously (no cookies), exactly as the service's own booking
 * form does. The filter runs before the rate limits (order -102; the limits are -101, Spring Security -100), so a 429
 * reaches the other site's script with its Retry-After instead of looking like a network error, and the same per-client
 * limits apply to both forms. No other path answers another origin.
 */
@Configuration
class EmbedCors {

    @Bean
    FilterRegistrationBean<CorsFilter> publicApiCors(EmbedProperties embed) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(embed.origins());
        cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
        cors.setAllowedHeaders(List.of("Content-Type", "Accept", "Accept-Language", "Idempotency-Key"));
        cors.setExposedHeaders(List.of("Retry-After", "Location", "Content-Language"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofMinutes(10));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/public/**", cors);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(-102);
        registration.addUrlPatterns("/api/public/*");
        return registration;
    }
}
