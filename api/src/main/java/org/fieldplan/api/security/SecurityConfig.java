package org.fieldplan.api.security;

import static org.fieldplan.api.security.Role.ADMINISTRATOR;
import static org.fieldplan.api.security.Role.CUSTOMER;
import static org.fieldplan.api.security.Role.DISPATCHER;
import static org.fieldplan.api.security.Role.TECHNICIAN;

import java.util.HashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
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
@SecurityScheme(name = SecurityConfig.OPENAPI_SCHEME, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "HTTP Basic with a FieldPlan user (administrator, dispatcher, technician or customer)")
public class SecurityConfig {

    /** The OpenAPI security scheme name; controllers mark their operations with {@code @SecurityRequirement(name = ...)}. */
    public static final String OPENAPI_SCHEME = "basicAuth";

    private static final String[] STAFF = {ADMINISTRATOR.name(), DISPATCHER.name()};
    private static final String[] ADMIN_WRITES = {"/api/zones", "/api/zones/**", "/api/technicians", "/api/technicians/**",
            "/api/skills", "/api/skills/**", "/api/teams", "/api/teams/**", "/api/service-types", "/api/service-types/**",
            "/api/intake-sources/**", "/api/departments", "/api/departments/**"};

    /**
     * New passwords are hashed with BCrypt ({@code {bcrypt}$2a$...}); the prefix in each stored hash lets the
     * algorithm or cost change later without a reset. {@code fieldplan.security.bcrypt-strength} (default 10) sets
     * the cost of new hashes; the integration tests lower it, since every HTTP Basic call verifies a hash.
     */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${fieldplan.security.bcrypt-strength:10}") int strength) {
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put("bcrypt", new BCryptPasswordEncoder(strength));
        encoders.put("pbkdf2@SpringSecurity_v5_8", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        return new DelegatingPasswordEncoder("bcrypt", encoders);
    }

    /**
     * The booking form's public reads (windows, addresses, services: anyone, as in the chain below) in a chain of their
     * own, before it: they carry no session, so they need no CSRF token (the main chain made and set a new one on every
     * answer), no saved request and no HTTP Basic. Issue 18: a window query is the hottest call of the service. The
     * security headers are written as on every other answer.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain publicReads(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder get = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new org.springframework.security.web.util.matcher.OrRequestMatcher(
                        get.matcher(HttpMethod.GET, "/api/public/windows"), get.matcher(HttpMethod.GET, "/api/public/addresses"),
                        get.matcher(HttpMethod.GET, "/api/public/services")))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * The base map (style, vector tiles, label glyphs) and the map's static script, style sheet and MapLibre: public
     * OpenStreetMap data and code, fetched by the dozen on every pan of every map. A chain of their own, first, so a tile
     * request creates no session, sets no CSRF cookie, saves no request and reads no HTTP Basic; the controller's own
     * Cache-Control (public, a day) and ETag then pass untouched (Spring Security writes its no-cache headers only where
     * the answer names none). Issue 14.
     */
    @Bean
    @org.springframework.core.annotation.Order(0)
    SecurityFilterChain mapReads(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder get = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new org.springframework.security.web.util.matcher.OrRequestMatcher(
                        get.matcher(HttpMethod.GET, "/api/public/map/**"), get.matcher(HttpMethod.HEAD, "/api/public/map/**"),
                        get.matcher(HttpMethod.GET, "/map/**"), get.matcher(HttpMethod.GET, "/vendor/**")))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemAuthenticationEntryPoint unauthenticated,
                                            ProblemAccessDeniedHandler denied, SessionAccounts sessionAccounts) throws Exception {
        PathPatternRequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        PathPatternRequestMatcher actuator = PathPatternRequestMatcher.withDefaults().matcher("/actuator/**");
        http
                .authorizeHttpRequests(auth -> auth
                        // anonymous: public booking, the API description, the login page and its style, error rendering
                        .requestMatchers("/api/public/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**", "/login", "/error", "/favicon.ico",
                                // the pages' shared style and script (no data; the sign-in page needs them)
                                "/assets/**",
                                "/book", "/book/**", "/cabinet", "/cabinet/**",
                                // the map's script, style sheet and MapLibre: code and public map data, no company data
                                "/map", "/map/**", "/vendor/**",
                                // the partner API: no user signs in; PartnerKeys checks the partner's X-Api-Key on every call
                                "/api/partner/**").permitAll()
                        // a load balancer's probes: anyone (details of the components only for administrators)
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        // metrics and anything else the actuator may expose: administrators (a Prometheus scraper signs in
                        // with HTTP Basic as an administrator account of its own; docs/cluster.md)
                        .requestMatchers("/actuator/**").hasRole(ADMINISTRATOR.name())
                        // every signed-in user: who am I
                        .requestMatchers(HttpMethod.GET, "/api/me").authenticated()
                        // service requests: everyone signed in, the service scopes the rows
                        .requestMatchers(HttpMethod.POST, "/api/requests").hasAnyRole(ADMINISTRATOR.name(), DISPATCHER.name(), CUSTOMER.name())
                        .requestMatchers(HttpMethod.PATCH, "/api/requests/*").hasAnyRole(STAFF)
                        // the office takes an extra service off a request before the quote (issue 16)
                        .requestMatchers(HttpMethod.DELETE, "/api/requests/*/extras/*").hasAnyRole(STAFF)
                        .requestMatchers("/api/requests", "/api/requests/**").authenticated()
                        // the catalogue of services is not secret
                        .requestMatchers(HttpMethod.GET, "/api/service-types", "/api/service-types/**").authenticated()
                        // prices: the preview and the price list for everyone signed in; changes are the administrator's
                        .requestMatchers(HttpMethod.POST, "/api/prices/preview").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/prices", "/api/request-types").authenticated()
                        .requestMatchers("/api/prices/**", "/api/request-types/**").hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.POST, "/api/price-modifiers", "/api/extra-services").hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.PUT, "/api/price-modifiers/**").hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.DELETE, "/api/price-modifiers/**", "/api/extra-services/**").hasRole(ADMINISTRATOR.name())
                        // contracts: the office reads them, the customer reads their own; writes are the administrator's
                        .requestMatchers(HttpMethod.GET, "/api/contracts", "/api/contracts/*", "/api/contracts/*/upcoming").hasAnyRole(ADMINISTRATOR.name(), DISPATCHER.name(), CUSTOMER.name())
                        .requestMatchers("/api/contracts", "/api/contracts/**").hasRole(ADMINISTRATOR.name())
                        // agents, the commission scheme and statements (naming a request's agent: staff, under /api/**)
                        .requestMatchers("/api/agents", "/api/agents/**", "/api/commission-scheme").hasRole(ADMINISTRATOR.name())
                        // partner management companies and their API keys
                        .requestMatchers("/api/partners", "/api/partners/**").hasRole(ADMINISTRATOR.name())
                        // administration
                        .requestMatchers("/api/notifications", "/api/notifications/**").hasRole(ADMINISTRATOR.name())
                        .requestMatchers("/api/users", "/api/users/**").hasRole(ADMINISTRATOR.name())
                        // the company's set-up (zones, technicians, skills, teams, service types) is the administrator's
                        .requestMatchers(HttpMethod.POST, ADMIN_WRITES).hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.PUT, ADMIN_WRITES).hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.PATCH, ADMIN_WRITES).hasRole(ADMINISTRATOR.name())
                        .requestMatchers(HttpMethod.DELETE, ADMIN_WRITES).hasRole(ADMINISTRATOR.name())
                        // the customer's cabinet (their organisation's requests; sign-in is under /api/public/sign-in)
                        .requestMatchers("/api/cabinet", "/api/cabinet/**").hasRole(CUSTOMER.name())
                        // the technician's own day (the service shows them only their own route)
                        .requestMatchers("/api/field/**").hasRole(TECHNICIAN.name())
                        // reading zones, technicians, skills, teams; schedules and customers: staff (see the class comment)
                        .requestMatchers("/api/**").hasAnyRole(STAFF)
                        // pages: the desk, board, set-up and reports are the staff's; the day on a phone is the technician's
                        .requestMatchers("/desk", "/desk/**", "/board", "/board/**", "/setup", "/setup/**", "/reports").hasAnyRole(STAFF)
                        .requestMatchers("/field", "/field/**").hasRole(TECHNICIAN.name())
                        .anyRequest().authenticated())
                // framing: nowhere (X-Frame-Options DENY) except the booking form made for other sites, /book/embed,
                // whose own Content-Security-Policy frame-ancestors names the company's configured origins
                .headers(headers -> headers.frameOptions(frame -> frame.disable())
                        .addHeaderWriter(new org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter(
                                request -> !"/book/embed".equals(request.getRequestURI()),
                                new org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter(
                                        org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY))))
                // a session ends within fieldplan.security.session-recheck of its account being disabled or changed
                .addFilterBefore(new SessionAccountFilter(sessionAccounts),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .httpBasic(basic -> basic.realmName(ProblemAuthenticationEntryPoint.REALM).authenticationEntryPoint(unauthenticated))
                .formLogin(form -> form.loginPage("/login")) // our page (SignInPages); Spring still handles POST /login
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(unauthenticated, api)
                        .defaultAuthenticationEntryPointFor(unauthenticated, actuator)
                        .accessDeniedHandler(denied))
                // CSRF: pages and scripts that ride on the login session send the token (cookie XSRF-TOKEN, header
                // X-XSRF-TOKEN, as single-page apps do). An API call without a session cookie (HTTP Basic, or
                // anonymous) has nothing another site could ride on, so it needs no token.
                .csrf(csrf -> csrf.spa().ignoringRequestMatchers(
                        request -> (api.matches(request) || actuator.matches(request)) && (request.getHeader(HttpHeaders.AUTHORIZATION) != null
                                || request.getRequestedSessionId() == null
                                // the public booking API grants nothing a session would carry: no token needed
                                || request.getRequestURI().startsWith("/api/public/"))));
        return http.build();
    }
}
