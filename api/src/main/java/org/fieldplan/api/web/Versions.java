package org.fieldplan.api.web;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Optimistic concurrency for plain resources: GET and PUT answer with {@code ETag: "version"}; a PUT that sends
 * {@code If-Match} with an older version gets 412 instead of silently overwriting someone else's change.
 */
public final class Versions {

    private Versions() {}

    /** The version in an If-Match header ({@code "3"}, {@code W/"3"} or {@code 3}), or null when none was sent. */
    public static @Nullable Integer fromIfMatch(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match", ifMatch,
                    "is not a version this service issued; send the ETag of your last GET, e.g. \"3\"");
        }
    }

    /**
     * The version in a required If-Match header: 428 when it is missing (or {@code *}), so that a PUT can never
     * overwrite a change its caller has not seen.
     */
    public static int required(@Nullable String ifMatch, String what) {
        Integer version = fromIfMatch(ifMatch);
        if (version == null) {
            throw new ApiException(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required",
                    what + " needs the If-Match header with the ETag from your last GET (for example If-Match: \"3\"),"
                            + " so that it cannot overwrite a change made meanwhile.", Map.of("header", "If-Match"));
        }
        return version;
    }

    public static String etag(int version) {
        return "\"" + version + "\"";
    }

    /** 412: the caller edited version {@code expected}, but it is {@code current} now. */
    public static ApiException stale(String thing, Object id, int expected, int current) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "stale-version", "Changed by someone else",
                "The " + thing + " " + id + " is at version " + current + ", but the change was made on version " + expected
                        + ". Reload it, reapply your change and send it again with If-Match: \"" + current + "\".",
                Map.of("currentVersion", current, "yourVersion", expected));
    }
}
