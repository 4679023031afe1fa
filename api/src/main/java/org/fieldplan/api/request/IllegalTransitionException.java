package org.fieldplan.api.request;

import java.util.Set;
import java.util.stream.Collectors;

/** A move the lifecycle does not have, e.g. {@code new -> done}. Answered with 409 and the allowed moves. */
public final class IllegalTransitionException extends RuntimeException {

    private final RequestStatus from;
    private final RequestStatus to;
    private final Set<RequestStatus> allowed;

    public IllegalTransitionException(RequestStatus from, RequestStatus to, Set<RequestStatus> allowed) {
        super(message(from, to, allowed));
        this.from = from;
        this.to = to;
        this.allowed = Set.copyOf(allowed);
    }

    private static String message(RequestStatus from, RequestStatus to, Set<RequestStatus> allowed) {
        if (allowed.isEmpty()) {
            return "A service request in status '" + from.code() + "' cannot move to '" + to.code()
                    + "': '" + from.code() + "' is final and allows no further moves.";
        }
        return "A service request in status '" + from.code() + "' cannot move to '" + to.code()
                + "'. Allowed from '" + from.code() + "': " + codes(allowed) + ".";
    }

    static String codes(Set<RequestStatus> statuses) {
        return statuses.stream().sorted().map(RequestStatus::code).collect(Collectors.joining(", "));
    }

    public RequestStatus from() {
        return from;
    }

    public RequestStatus to() {
        return to;
    }

    public Set<RequestStatus> allowed() {
        return allowed;
    }
}
