package org.fieldplan.api.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The roles of FieldPlan, strongest first (a user with several acts with the first). What each may see:
 * <ul>
 *   <li>{@link #ADMINISTRATOR}: everything, including requests outside every zone; the system's set-up (users, zones,
 *       prices) is theirs alone;</li>
 *   <li>{@link #DIRECTOR}: everything the office does and sees, in every zone, and every report; not the system's
 *       set-up. Acts as a head of department and a dispatcher wherever those may act;</li>
 *   <li>{@link #HEAD_OF_DEPARTMENT}: the zones of the administrators (dispatchers) of their department(s), and their
 *       own, with what lies in them, and the department's reports. Acts as a dispatcher wherever one may act;</li>
 *   <li>{@link #DISPATCHER}: the office's zone-responsible "administrator" of the company's words: the service
 *       requests routed to the zones they are responsible for, and their own figures;</li>
 *   <li>{@link #TECHNICIAN}: only the service requests assigned to them (their visits);</li>
 *   <li>{@link #CUSTOMER}: only their own service requests.</li>
 * </ul>
 * Anonymous callers reach only {@code /api/public/**} and the OpenAPI description.
 */
public enum Role {
    ADMINISTRATOR,
    DIRECTOR,
    HEAD_OF_DEPARTMENT,
    DISPATCHER,
    TECHNICIAN,
    CUSTOMER;

    /** The Spring Security authority, e.g. {@code ROLE_DISPATCHER}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The form stored in the database and shown on the wire, e.g. {@code dispatcher}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored or wire role code, case-insensitively; names the value and the choices when unknown. */
    public static Role fromCode(String code) {
        for (Role role : values()) {
            if (role.code().equalsIgnoreCase(code.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + code + "'; expected one of "
                + Arrays.stream(values()).map(Role::code).collect(Collectors.joining(", ")) + ".");
    }

    /**
     * Whether this role may act wherever {@code other} may: itself, and for a director or a head of department the
     * dispatcher's rights (a director also the head's). Their <em>scope</em> is wider ({@link ZoneScope}); what
     * they may do is the dispatcher's. The administrator implies nothing: it is named wherever it may act.
     */
    public boolean includes(Role other) {
        return this == other
                || (this == DIRECTOR && (other == HEAD_OF_DEPARTMENT || other == DISPATCHER))
                || (this == HEAD_OF_DEPARTMENT && other == DISPATCHER);
    }

    /** This role and those it {@link #includes(Role) includes}. */
    public java.util.Set<Role> withIncluded() {
        java.util.EnumSet<Role> all = java.util.EnumSet.noneOf(Role.class);
        for (Role r : values()) {
            if (includes(r)) {
                all.add(r);
            }
        }
        return all;
    }

    /** The roles that may call what {@code declared} may: each declared role and every role that includes one. */
    public static java.util.Set<Role> callers(Role... declared) {
        java.util.EnumSet<Role> all = java.util.EnumSet.noneOf(Role.class);
        for (Role r : values()) {
            for (Role d : declared) {
                if (r.includes(d)) {
                    all.add(r);
                }
            }
        }
        return all;
    }

    /** The office: those who take, plan and report on requests (administrator, director, head, dispatcher). */
    public boolean isOffice() {
        return this == ADMINISTRATOR || includes(DISPATCHER);
    }

    /** Staff see private comments and internal data; customers do not. */
    public boolean isStaff() {
        return this != CUSTOMER;
    }
}
