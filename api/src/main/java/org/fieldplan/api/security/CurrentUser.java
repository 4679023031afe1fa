package org.fieldplan.api.security;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, as services need it: id, role, and the customer or technician the account stands for.
 * Services take it as a parameter (never read the security context themselves), so the demo loader and
 * tests can act as any user.
 */
public record CurrentUser(long userId, String username, Role role, @Nullable Long customerId, @Nullable Long technicianId) {

    /** The user of the current request; fails with 401 when nobody signed in. */
    public static CurrentUser fromContext() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof FieldPlanUser user) {
            return user.current();
        }
        throw new InsufficientAuthenticationException("This operation needs a signed-in FieldPlan user.");
    }

    /**
     * An actor for work the system does on its own or on an operator's command (the demo loader, imports):
     * acts as an administrator and is recorded by name, without a user id.
     */
    public static CurrentUser system(String name) {
        return new CurrentUser(0, name, Role.ADMINISTRATOR, null, null);
    }

    /** The user id to record as author, or null for {@link #system(String)}. */
    public @Nullable Long recordedUserId() {
        return userId > 0 ? userId : null;
    }

    /**
     * Whether the caller acts as {@code r}: their own role, and for a director or head of department also the
     * dispatcher's ({@link Role#includes(Role)}); what they then <em>see</em> is {@link ZoneScope}'s business.
     */
    public boolean is(Role r) {
        return role.includes(r);
    }
}
