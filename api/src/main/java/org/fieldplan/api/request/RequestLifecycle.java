package org.fieldplan.api.request;

import static org.fieldplan.api.request.RequestStatus.ACCEPTED;
import static org.fieldplan.api.request.RequestStatus.AGREED;
import static org.fieldplan.api.request.RequestStatus.CANCELLED;
import static org.fieldplan.api.request.RequestStatus.DISPUTED;
import static org.fieldplan.api.request.RequestStatus.DONE;
import static org.fieldplan.api.request.RequestStatus.IN_PROGRESS;
import static org.fieldplan.api.request.RequestStatus.NEW;
import static org.fieldplan.api.request.RequestStatus.QUOTED;
import static org.fieldplan.api.request.RequestStatus.REFUSED;
import static org.fieldplan.api.request.RequestStatus.SCHEDULED;
import static org.fieldplan.api.security.Role.ADMINISTRATOR;
import static org.fieldplan.api.security.Role.CUSTOMER;
import static org.fieldplan.api.security.Role.DISPATCHER;
import static org.fieldplan.api.security.Role.TECHNICIAN;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.fieldplan.api.security.Role;

/**
 * The service-request lifecycle as a state machine.
 *
 * <pre>
 * new -&gt; quoted -&gt; agreed | refused
 * agreed -&gt; scheduled -&gt; in_progress -&gt; done -&gt; accepted | disputed
 * disputed -&gt; in_progress            (rework)
 * new | quoted | agreed | scheduled -&gt; cancelled
 * </pre>
 *
 * Refused, accepted and cancelled are final. Each move also names who may make it: staff
 * (administrator, dispatcher) may make every legal move, for instance to record what a customer said
 * on the phone; the customer agrees to or refuses a quote, accepts or disputes finished work and may
 * cancel before work starts; the technician starts and finishes the work.
 */
public final class RequestLifecycle {

    // the office: a director and a head of department act as dispatchers (Role.includes)
    private static final Set<Role> STAFF = EnumSet.of(ADMINISTRATOR, Role.DIRECTOR, Role.HEAD_OF_DEPARTMENT, DISPATCHER);

    private static final Map<RequestStatus, Map<RequestStatus, Set<Role>>> MOVES = new EnumMap<>(RequestStatus.class);

    static {
        for (RequestStatus status : RequestStatus.values()) {
            MOVES.put(status, new EnumMap<>(RequestStatus.class));
        }
        move(NEW, QUOTED);
        move(QUOTED, AGREED, CUSTOMER);
        move(QUOTED, REFUSED, CUSTOMER);
        move(AGREED, SCHEDULED);
        move(SCHEDULED, IN_PROGRESS, TECHNICIAN);
        move(IN_PROGRESS, DONE, TECHNICIAN);
        move(DONE, ACCEPTED, CUSTOMER);
        move(DONE, DISPUTED, CUSTOMER);
        move(DISPUTED, IN_PROGRESS, TECHNICIAN);
        for (RequestStatus early : EnumSet.of(NEW, QUOTED, AGREED, SCHEDULED)) {
            move(early, CANCELLED, CUSTOMER);
        }
    }

    private RequestLifecycle() {
    }

    private static void move(RequestStatus from, RequestStatus to, Role... besidesStaff) {
        Set<Role> who = EnumSet.copyOf(STAFF);
        who.addAll(Set.of(besidesStaff));
        MOVES.get(from).put(to, Collections.unmodifiableSet(who));
    }

    /** The statuses a request in {@code from} may move to (by anyone); empty for a closed request. */
    public static Set<RequestStatus> next(RequestStatus from) {
        Set<RequestStatus> next = EnumSet.noneOf(RequestStatus.class);
        next.addAll(MOVES.get(from).keySet());
        return Collections.unmodifiableSet(next);
    }

    /** The statuses {@code role} may move a request in {@code from} to. */
    public static Set<RequestStatus> nextFor(RequestStatus from, Role role) {
        Set<RequestStatus> next = EnumSet.noneOf(RequestStatus.class);
        MOVES.get(from).forEach((to, who) -> {
            if (who.contains(role)) {
                next.add(to);
            }
        });
        return Collections.unmodifiableSet(next);
    }

    public static boolean isLegal(RequestStatus from, RequestStatus to) {
        return MOVES.get(from).containsKey(to);
    }

    /** The roles that may move a request from {@code from} to {@code to}; empty when the move is illegal. */
    public static Set<Role> whoMay(RequestStatus from, RequestStatus to) {
        return MOVES.get(from).getOrDefault(to, Set.of());
    }

    /**
     * Checks one move.
     *
     * @throws IllegalTransitionException when the lifecycle has no such move (HTTP 409)
     * @throws TransitionNotPermittedException when the move exists but {@code role} may not make it (HTTP 403)
     */
    public static void check(RequestStatus from, RequestStatus to, Role role) {
        if (!isLegal(from, to)) {
            throw new IllegalTransitionException(from, to, next(from));
        }
        if (!whoMay(from, to).contains(role)) {
            throw new TransitionNotPermittedException(from, to, role, nextFor(from, role));
        }
    }
}
