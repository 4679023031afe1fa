package org.fieldplan.api.booking;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.util.NumberUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/public/windows} without Spring MVC and the security filter chain (issue 18: at 3,000 queries a second
 * on 2 cores a query may cost about 0.5 ms of CPU with everything, and the profile of 2026-12-06 gave the MVC dispatch,
 * argument binding, the security chain and the HTTP observation a third of it).
 * <p>
 * A servlet filter for that one URL, after the CORS filter (-103) and the rate limits (-102), just before Spring
 * Security (-100): so the same per-client limit, the same CORS and the same anonymous access as the controller's
 * {@code @CallableBy(anonymous = true)} (the public-reads chain permits everyone and keeps no session). It writes the
 * same security headers with Spring Security's own header writers, times the query with the same window-query timer,
 * and encodes the answer with the JSON mapper Spring MVC uses (its streaming generator, {@link WindowsJson}: the same
 * bytes, with the texts that repeat kept encoded). The controller method stays: it is the endpoint's
 * OpenAPI description, and every request this path does not answer goes on to it unchanged: another method, a
 * parameter given twice or not parseable, and any query whose search fails (bad input, an address off the road, no
 * horizon yet), so that every error is the controller's problem+json, naming the field and the value. Such a request
 * runs the search again in the controller; it changes nothing, so that is safe, and errors are rare (and rate-limited).
 * <p>
 * The HTTP server observation ({@code http.server.requests}) is not made for this URL (it needs MVC's matched pattern;
 * {@link #noHttpObservationOfWindowQueries}); {@code fieldplan_booking_window_query_seconds} measures the queries.
 * {@code fieldplan.booking.direct-window-queries=false} turns this off (everything through MVC, as before), which is how
 * {@code ./fieldplan bench windows-wrk --config} compares the two.
 * <p>
 * The queries are computed in arrival order by {@value #WORKERS} platform threads of their own (default: one per core),
 * see {@link QueryWorkers}; with {@code 0} workers, in turns on the request's own thread, as many at once as
 * {@value #PERMITS} says (default: one per core; 0: all at once), see {@link QueryTurns}.
 * {@code fieldplan_booking_window_query_waiting} is how many wait. The window-query timer includes that wait.
 */
@Configuration
class DirectWindowQueries {

    static final String PATH = "/api/public/windows";
    static final String ENABLED = "fieldplan.booking.direct-window-queries";
    /** how many window queries compute at once (the others wait their turn, in order); 0: no gate; unset: the cores */
    static final String PERMITS = "fieldplan.booking.window-query-permits";
    /** N > 0: the queries are computed by N platform threads of their own, in arrival order; 0: in turns; unset: the cores */
    static final String WORKERS = "fieldplan.booking.window-query-workers";

    @Bean
    @ConditionalOnProperty(name = ENABLED, havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<WindowQueryFilter> directWindowQueryFilter(BookingWindows windows, BookingMetrics metrics,
            JsonMapper json, MeterRegistry registry, @Value("${" + PERMITS + ":-1}") int permits,
            @Value("${" + WORKERS + ":-1}") int workersGiven) {
        int workers = workersGiven < 0 ? Runtime.getRuntime().availableProcessors() : workersGiven;
        int n = permits < 0 ? Runtime.getRuntime().availableProcessors() : permits;
        WindowQueryFilter filter;
        IntSupplier waiting = null; // no gate, no queue to measure
        if (workers > 0) {
            QueryWorkers w = new QueryWorkers(workers);
            waiting = w::waiting;
            filter = new WindowQueryFilter(windows, metrics, new WindowsJson(json), w::run, w);
        } else if (n > 0) {
            QueryTurns turns = new QueryTurns(n);
            waiting = turns::waiting;
            filter = new WindowQueryFilter(windows, metrics, new WindowsJson(json), turns::run, null);
        } else {
            filter = new WindowQueryFilter(windows, metrics, new WindowsJson(json), Supplier::get, null);
        }
        if (waiting != null) {
            Gauge.builder("fieldplan.booking.window.query.waiting", waiting, IntSupplier::getAsInt).strongReference(true)
                    .description("window queries waiting for their turn to compute").register(registry);
        }
        FilterRegistrationBean<WindowQueryFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(-101);
        registration.addUrlPatterns(PATH);
        return registration;
    }

    /** No {@code http.server.requests} observation for the window queries answered by the filter. */
    @Bean
    @ConditionalOnProperty(name = ENABLED, havingValue = "true", matchIfMissing = true)
    ObservationPredicate noHttpObservationOfWindowQueries() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && PATH.equals(server.getCarrier().getRequestURI()) && "GET".equals(server.getCarrier().getMethod()));
    }

    static final class WindowQueryFilter implements Filter {

        /** Spring Security's default headers, as its chain writes them on the public reads */
        private static final List<HeaderWriter> SECURITY_HEADERS = List.of(new XContentTypeOptionsHeaderWriter(),
                new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY));

        private final BookingWindows windows;
        private final BookingMetrics metrics;
        private final WindowsJson encoder;
        /** runs a query: in its turn, on a worker, or at once */
        private final Function<Supplier<byte[]>, byte[]> runner;
        private final @Nullable AutoCloseable resources;

        WindowQueryFilter(BookingWindows windows, BookingMetrics metrics, WindowsJson encoder,
                Function<Supplier<byte[]>, byte[]> runner, @Nullable AutoCloseable resources) {
            this.windows = windows;
            this.metrics = metrics;
            this.encoder = encoder;
            this.runner = runner;
            this.resources = resources;
        }

        @Override
        public void destroy() {
            if (resources != null) {
                try {
                    resources.close();
                } catch (Exception e) {
                    // stopping: nothing to do
                }
            }
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            byte[] body = "GET".equals(request.getMethod()) && PATH.equals(request.getRequestURI()) ? answer(request) : null;
            if (body == null) {
                chain.doFilter(request, response); // the controller answers (or explains the error)
                return;
            }
            for (HeaderWriter w : SECURITY_HEADERS) {
                w.writeHeaders(request, response);
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        /** The encoded answer, or null when the controller should answer instead. */
        private byte @Nullable [] answer(HttpServletRequest request) {
            long t0 = System.nanoTime();
            try {
                Double lat = number(request, "lat");
                Double lon = number(request, "lon");
                String service = text(request, "service");
                Integer quantity = integer(request, "quantity");
                LocalDate from = date(request, "from");
                LocalDate to = date(request, "to");
                String lang = text(request, "lang");
                String also = text(request, "also");
                Supplier<byte[]> query = () -> encoder.encode(windows.windows(lat, lon, service, quantity, also, from, to, lang));
                byte[] body = runner.apply(query);
                metrics.windowQueries.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
                return body;
            } catch (RuntimeException e) {
                return null; // the controller runs the query again and answers with its problem+json
            }
        }

        /** The one value of a parameter, null when absent or empty; more than one: the controller decides. */
        private static @Nullable String value(HttpServletRequest request, String name) {
            String[] values = request.getParameterValues(name);
            if (values == null) {
                return null;
            }
            if (values.length != 1) {
                throw new Unparsed();
            }
            return values[0];
        }

        private static @Nullable String text(HttpServletRequest request, String name) {
            return value(request, name);
        }

        // as Spring's conversion of a request parameter: trimmed, empty is absent
        private static @Nullable Double number(HttpServletRequest request, String name) {
            String v = value(request, name);
            return v == null || v.isBlank() ? null : NumberUtils.parseNumber(v.strip(), Double.class);
        }

        private static @Nullable Integer integer(HttpServletRequest request, String name) {
            String v = value(request, name);
            return v == null || v.isBlank() ? null : NumberUtils.parseNumber(v.strip(), Integer.class);
        }

        private static @Nullable LocalDate date(HttpServletRequest request, String name) {
            String v = value(request, name);
            return v == null || v.isBlank() ? null : LocalDate.parse(v.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
        }

        /** A parameter given more than once: left to the controller's binding. */
        private static final class Unparsed extends RuntimeException {
            Unparsed() {
                super(null, null, false, false);
            }
        }
    }
}
