package org.fieldplan.api.security;

import static org.fieldplan.api.security.Role.ADMINISTRATOR;
import static org.fieldplan.api.security.Role.CUSTOMER;
import static org.fieldplan.api.security.Role.DISPATCHER;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may call what. URL rules decide which roles reach an endpoint at all; the services then scope
 * the data (a dispatcher's zones, a technician's visits, a customer's own requests), so reading someone
 * else's record by id answers 404, never the data.
 *
 * <p>The API ({@code /api/**}) answers 401/403 as problem+json and accepts HTTP Basic; pages use the
 * form at {@code /login}. Anonymous callers reach only the public booking endpoints
 * ({@code /api/public/**}) and the OpenAPI description and UI.
 *
 * <p><b>An {@code /api} endpoint not named below is open to administrators and dispatchers only.</b>
 * A feature that serves technicians or customers adds its rule here.
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    private static final String[] STAFF = {ADMINISTRATOR.name(), DISPATCHER.name()};

    @Bean
    PasswordEncoder passwordEncoder() {
        // {bcrypt} by default; the prefix in each stored hash lets the algorithm change later without a reset
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemAuthenticationEntryPoint unauthenticated,
                                            ProblemAccessDeniedHandler denied) throws Exception {
        PathPatternRequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        http
                .authorizeHttpRequests(auth -> auth
                        // anonymous: public booking, the API description, the login page, error rendering
                        .requestMatchers("/api/public/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**", "/login", "/error", "/favicon.ico").permitAll()
                        // every signed-in user: who am I
                        .requestMatchers(HttpMethod.GET, "/api/me").authenticated()
                        // service requests: everyone signed in, the service scopes the rows
                        .requestMatchers(HttpMethod.POST, "/api/requests").hasAnyRole(ADMINISTRATOR.name(), DISPATCHER.name(), CUSTOMER.name())
                        .requestMatchers(HttpMethod.PATCH, "/api/requests/*").hasAnyRole(STAFF)
                        .requestMatchers("/api/requests", "/api/requests/**").authenticated()
                        // the catalogue of services is not secret
                        .requestMatchers(HttpMethod.GET, "/api/service-types", "/api/service-types/**").authenticated()
                        // administration
                        .requestMatchers("/api/notifications", "/api/notifications/**").hasRole(ADMINISTRATOR.name())
                        .requestMatchers("/api/users", "/api/users/**").hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.POST, "/api/zones", "/api/zones/**", "/api/technicians", "/api/technicians/**",
                                "/api/service-types", "/api/service-types/**").hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.PUT, "/api/zones/**", "/api/technicians/**", "/api/service-types/**").hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.PATCH, "/api/zones/**", "/api/technicians/**", "/api/service-types/**").hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.DELETE, "/api/zones/**", "/api/technicians/**", "/api/service-types/**").hasRole(ADMINISTRATOR.name())
                        // zones, technicians, schedules, customers: staff (see the class comment)
                        .requestMatchers("/api/**").hasAnyRole(STAFF)
                        // pages
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName(ProblemAuthenticationEntryPoint.REALM).authenticationEntryPoint(unauthenticated))
                .formLogin(Customizer.withDefaults())
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(unauthenticated, api)
                        .accessDeniedHandler(denied))
                // the API is called with HTTP Basic, not a browser session cookie: no CSRF token there
                .csrf(csrf -> csrf.ignoringRequestMatchers(api));
        return http.build();
    }
}
