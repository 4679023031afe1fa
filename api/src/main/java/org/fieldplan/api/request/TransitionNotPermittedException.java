package org.fieldplan.api.request;

import java.util.Set;

import org.fieldplan.api.security.Role;

/** A legal move that the caller's role may not make (a technician accepting work, say). Answered with 403. */
public final class TransitionNotPermittedException extends RuntimeException {

    private final RequestStatus from;
    private final RequestStatus to;
    private final Role role;
    private final Set<RequestStatus> allowedForRole;

    public TransitionNotPermittedException(RequestStatus from, RequestStatus to, Role role, Set<RequestStatus> allowedForRole) {
        super("A " + role.code() + " may not move a service request from '" + from.code() + "' to '" + to.code() + "'. "
                + (allowedForRole.isEmpty()
                        ? "A " + role.code() + " has no move from '" + from.code() + "'."
                        : "A " + role.code() + " may move it to: " + IllegalTransitionException.codes(allowedForRole) + "."));
        this.from = from;
        this.to = to;
        this.role = role;
        this.allowedForRole = Set.copyOf(allowedForRole);
    }

    public RequestStatus from() {
        return from;
    }

    public RequestStatus to() {
        return to;
    }

    public Role role() {
        return role;
    }

    public Set<RequestStatus> allowedForRole() {
        return allowedForRole;
    }
}
