package org.fieldplan.api.web;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** 429: the caller must wait {@code retryAfterSeconds}; {@link ProblemHandler} adds the Retry-After header. */
public class TooManyRequestsException extends ApiException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String slug, String title, String detail, long retryAfterSeconds,
            Map<String, ? extends @Nullable Object> properties) {
        super(HttpStatus.TOO_MANY_REQUESTS, slug, title, detail, properties);
        this.retryAfterSeconds = retryAfterSeconds;
        properties().put("retryAfterSeconds", retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
