package org.fieldplan.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Dates the service accepts: years 1900 to 2200. ISO dates allow {@code +999999999-12-31}, and a day after it does not
 * exist, so such a date would fail deep inside (a 500) the first time anything adds a day. Dates in the path and the
 * query are checked before the controller (400 naming the parameter and the value); dates in JSON bodies by the
 * deserializers registered here (400 naming the field).
 */
@Configuration(proxyBeanMethods = false)
public class DateRange implements WebMvcConfigurer {

    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2200;
    /** Something that starts like an ISO date with a year outside four digits or a sign: "+999999999-12-31", "-1-01-01". */
    private static final Pattern EXTREME = Pattern.compile("^\\s*([+-]\\d+|\\d{5,})-\\d{1,2}-\\d{1,2}.*");
    private static final Pattern DATE = Pattern.compile("^\\s*(\\d{4})-\\d{2}-\\d{2}.*");

    static final String REASON = "must be a date between " + FIRST_YEAR + "-01-01 and " + LAST_YEAR + "-12-31";

    /** Whether {@code text} looks like a date outside the accepted years. */
    static boolean outside(@Nullable String text) {
        if (text == null) {
            return false;
        }
        if (EXTREME.matcher(text).matches()) {
            return true;
        }
        var m = DATE.matcher(text);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            return year < FIRST_YEAR || year > LAST_YEAR;
        }
        return false;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                List<FieldProblem> problems = new ArrayList<>();
                Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
                if (vars instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> {
                        if (outside(String.valueOf(v))) {
                            problems.add(new FieldProblem(String.valueOf(k), v, REASON));
                        }
                    });
                }
                request.getParameterMap().forEach((k, values) -> {
                    for (String v : values) {
                        if (outside(v)) {
                            problems.add(new FieldProblem(k, v, REASON));
                        }
                    }
                });
                if (!problems.isEmpty()) {
                    throw new InvalidInputException(problems);
                }
                return true;
            }
        });
    }

    /** Body dates: ISO parsing, then the year range (Spring Boot adds every JacksonModule bean to its JsonMapper). */
    @org.springframework.context.annotation.Bean
    public SimpleModule dateRangeModule() {
        SimpleModule module = new SimpleModule("fieldplan-date-range");
        module.addDeserializer(LocalDate.class, new Checked<>(LocalDate.class, LocalDate::parse, LocalDate::getYear));
        module.addDeserializer(OffsetDateTime.class, new Checked<>(OffsetDateTime.class, OffsetDateTime::parse, OffsetDateTime::getYear));
        module.addDeserializer(LocalDateTime.class, new Checked<>(LocalDateTime.class, LocalDateTime::parse, LocalDateTime::getYear));
        return module;
    }

    private static final class Checked<T> extends ValueDeserializer<T> {
        private final Class<T> type;
        private final java.util.function.Function<String, T> parse;
        private final java.util.function.ToIntFunction<T> year;

        Checked(Class<T> type, java.util.function.Function<String, T> parse, java.util.function.ToIntFunction<T> year) {
            this.type = type;
            this.parse = parse;
            this.year = year;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = p.getValueAsString();
            if (text == null) {
                @SuppressWarnings("unchecked")
                T unexpected = (T) ctxt.handleUnexpectedToken(type, p);
                return unexpected;
            }
            T value;
            try {
                value = parse.apply(text.strip());
            } catch (java.time.DateTimeException e) {
                throw InvalidFormatException.from(p, "not a date", text, type);
            }
            int y = year.applyAsInt(value);
            if (y < FIRST_YEAR || y > LAST_YEAR) {
                throw InvalidFormatException.from(p, REASON, text, type);
            }
            return value;
        }
    }
}
