package org.fieldplan.api.web;

import java.io.IOException;

/** Thrown while reading a request body without a Content-Length that grows past the configured limit. */
final class BodyTooLargeException extends IOException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("the request body is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
