package org.fieldplan.api.request;

import java.util.List;

/** The request feature's failures; {@link RequestErrors} turns each into problem+json. */
public final class RequestExceptions {

    private RequestExceptions() {
    }

    /** 400: every bad field at once. */
    public static final class InvalidInput extends RuntimeException {
        private final List<FieldProblem> problems;

        public InvalidInput(String summary, List<FieldProblem> problems) {
            super(summary + ": " + problems.size() + (problems.size() == 1 ? " field is" : " fields are") + " wrong ("
                    + String.join("; ", problems.stream().map(p -> p.field() + " " + p.message()).toList()) + ").");
            this.problems = List.copyOf(problems);
        }

        public List<FieldProblem> problems() {
            return problems;
        }
    }

    /** 404: no such request, or one the caller may not see (the two are not told apart on purpose). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String what) {
            super(what + " was not found, or is not visible to you.");
        }
    }

    /** 403: the caller may see the request but not do this to it. */
    public static final class Forbidden extends RuntimeException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** 409: the request's state does not allow this now (rating before the work is done, rating twice). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** 412: someone changed the request since the caller read it. */
    public static final class VersionMismatch extends RuntimeException {
        private final int current;

        public VersionMismatch(long requestId, String number, int expected, int current) {
            super("Service request " + number + " (id " + requestId + ") has changed since you read it: you sent version "
                    + expected + " (If-Match), it is now at version " + current
                    + ". Read it again (GET), check the other change, then repeat yours with the new ETag.");
            this.current = current;
        }

        public int current() {
            return current;
        }
    }

    /** 428: a change without If-Match could overwrite someone else's. */
    public static final class VersionRequired extends RuntimeException {
        public VersionRequired(String what) {
            super(what + " needs the If-Match header with the ETag from your last GET (for example If-Match: \"3\"), "
                    + "so that a change made meanwhile by someone else is not overwritten.");
        }
    }
}
