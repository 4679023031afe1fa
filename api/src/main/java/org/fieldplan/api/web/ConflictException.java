package org.fieldplan.api.web;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** 409: the request is well-formed but clashes with the current state (a duplicate name, a stale version). */
public class ConflictException extends ApiException {

    public ConflictException(String detail) {
        this(detail, Map.of());
    }

    public ConflictException(String detail, Map<String, ? extends @Nullable Object> properties) {
        super(HttpStatus.CONFLICT, "conflict", "Conflict", detail, properties);
    }
}
