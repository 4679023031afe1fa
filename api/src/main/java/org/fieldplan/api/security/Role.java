package org.fieldplan.api.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four roles of FieldPlan. What each may see:
 * <ul>
 *   <li>{@link #ADMINISTRATOR}: everything, including requests outside every zone;</li>
 *   <li>{@link #DISPATCHER}: the service requests routed to the zones they are responsible for;</li>
 *   <li>{@link #TECHNICIAN}: only the service requests assigned to them (their visits);</li>
 *   <li>{@link #CUSTOMER}: only their own service requests.</li>
 * </ul>
 * Anonymous callers reach only {@code /api/public/**} and the OpenAPI description.
 */
public enum Role {
    ADMINISTRATOR,
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

    /** Staff see private comments and internal data; customers do not. */
    public boolean isStaff() {
        return this != CUSTOMER;
    }
}
