package org.fieldplan.api.request;

import java.util.Map;

import org.fieldplan.api.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The request feature's own failures beyond the shared ones of {@code org.fieldplan.api.web}
 * (invalid input, not found, conflict); all become problem+json.
 */
public final class RequestExceptions {

    private RequestExceptions() {
    }

    /** 403: the caller may see the request but not do this to it. */
    public static final class Forbidden extends ApiException {
        public Forbidden(String message) {
            super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", message, Map.of());
        }
    }

    /** 412: someone changed the request since the caller read it; {@link RequestErrors} adds the current ETag. */
    public static final class VersionMismatch extends ApiException {
        private final int current;

        public VersionMismatch(long requestId, String number, int expected, int current) {
            super(HttpStatus.PRECONDITION_FAILED, "stale-version", "Changed by someone else",
                    "Service request " + number + " (id " + requestId + ") has changed since you read it: you sent version "
                            + expected + " (If-Match), it is now at version " + current
                            + ". Read it again (GET), check the other change, then repeat yours with If-Match: \"" + current + "\".",
                    Map.of("currentVersion", current, "yourVersion", expected));
            this.current = current;
        }

        public int current() {
            return current;
        }
    }

    /** 428: a change without If-Match could overwrite someone else's. */
    public static final class VersionRequired extends ApiException {
        public VersionRequired(String what) {
            super(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required",
                    what + " needs the If-Match header with the ETag from your last GET (for example If-Match: \"3\"), "
                            + "so that a change made meanwhile by someone else is not overwritten.", Map.of());
        }
    }
}
