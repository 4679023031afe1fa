package org.fieldplan.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The {@code uri} tag of {@code http.server.requests} stays bounded and complete: it takes the route's pattern (or one
 * of a few constants for requests no route matched), so its values are at most the service's routes, and the limit
 * Micrometer enforces ({@code management.metrics.web.server.max-uri-tags}) is above that number, so that no endpoint
 * loses its metrics because others were called first (the warning "Reached the maximum number of 'uri' tags" of the
 * test suite, with Boot's default of 100 and more routes than that).
 */
@ApiIntegrationTest
class HttpMetricsIT {

    /** The uri values Spring gives a request that no route's pattern matched. */
    static final Set<String> UNMATCHED = Set.of("NOT_FOUND", "UNKNOWN", "REDIRECTION", "root");

    @Autowired
    TestHttp http;

    @Autowired
    Fixtures fixtures;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ApplicationContext context;

    @Value("${management.metrics.web.server.max-uri-tags}")
    int maxUriTags;

    /** Every pattern a handler mapping of the service can match: controllers, actuator, static resources. */
    Set<String> routePatterns() {
        Set<String> patterns = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping m : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : m.getHandlerMethods().keySet()) {
                patterns.addAll(info.getPatternValues());
            }
        }
        for (AbstractUrlHandlerMapping m : context.getBeansOfType(AbstractUrlHandlerMapping.class).values()) {
            patterns.addAll(m.getHandlerMap().keySet());
        }
        return patterns;
    }

    Set<String> uriTags() {
        return registry.find("http.server.requests").meters().stream().map(Meter::getId).map(id -> id.getTag("uri"))
                .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theUriTagLimitIsAboveTheNumberOfRoutes() {
        Set<String> patterns = routePatterns();
        // the window query's route is among them, so the test counts what it should
        assertThat(patterns).contains("/api/public/windows", "/actuator/prometheus");
        assertThat(patterns.size() + UNMATCHED.size())
                .as("routes %d + %d constants must stay under management.metrics.web.server.max-uri-tags", patterns.size(),
                        UNMATCHED.size())
                .isLessThan(maxUriTags);
    }

    @Test
    void pathsNoRouteMatchesAddNoUriTagOfTheirOwn() {
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
        Set<String> before = uriTags();
        for (int i = 0; i < 25; i++) {
            http.get("/api/no-such-thing/" + i);
            http.get("/no-such-page-" + i);
            http.get("/css/no-such-" + i + ".css");
            http.get("/api/zones/" + (1_000_000 + i)); // a route's pattern, not its path
        }
        Set<String> added = new TreeSet<>(uriTags());
        added.removeAll(before);
        Set<String> patterns = routePatterns();
        assertThat(added).as("uri tags added by 100 requests to 100 different paths")
                .allMatch(u -> UNMATCHED.contains(u) || patterns.contains(u), "a route pattern or a constant")
                .hasSizeLessThanOrEqualTo(4);
        assertThat(uriTags()).contains("/api/zones/{id}").noneMatch(u -> u.contains("no-such") || u.contains("1000000"));
    }
}
