package org.fieldplan.api.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A caller's mistake that the service detected itself. {@link ProblemHandler} turns it into an RFC 9457
 * problem: {@code type} is {@code /problems/{slug}}, the detail is the message, and the properties are added
 * as extension members.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final Map<String, @Nullable Object> properties;

    public ApiException(HttpStatus status, String slug, String title, String detail, Map<String, ? extends @Nullable Object> properties) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.properties = new LinkedHashMap<>(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, @Nullable Object> properties() {
        return properties;
    }
}
