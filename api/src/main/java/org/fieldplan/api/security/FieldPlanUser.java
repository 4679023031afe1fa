package org.fieldplan.api.security;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in user as the security layer holds it: one role, and for a customer or technician the
 * customer or technician record the account belongs to (used to scope what they see).
 */
public final class FieldPlanUser implements UserDetails, CredentialsContainer {

    private final long id;
    private final String username;
    private @Nullable String passwordHash;
    private final Role role;
    private final @Nullable Long customerId;
    private final @Nullable Long technicianId;
    private final boolean enabled;
    private final @Nullable String accountStamp;

    public FieldPlanUser(long id, String username, @Nullable String passwordHash, Role role,
                         @Nullable Long customerId, @Nullable Long technicianId, boolean enabled) {
        this(id, username, passwordHash, role, customerId, technicianId, enabled, null);
    }

    /**
     * @param accountStamp the roles and password the account had when loaded ({@link SessionAccounts#stamp}); a session
     *                     opened with it ends when the stored account no longer matches (null: never compared)
     */
    public FieldPlanUser(long id, String username, @Nullable String passwordHash, Role role,
                         @Nullable Long customerId, @Nullable Long technicianId, boolean enabled, @Nullable String accountStamp) {
        this.accountStamp = accountStamp;
        this.id = id;
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.customerId = customerId;
        this.technicianId = technicianId;
        this.enabled = enabled;
    }

    public long id() {
        return id;
    }

    public Role role() {
        return role;
    }

    public @Nullable Long customerId() {
        return customerId;
    }

    public @Nullable Long technicianId() {
        return technicianId;
    }

    /** The roles and password digest at sign-in (kept when the credentials are erased); see {@link SessionAccounts}. */
    public @Nullable String accountStamp() {
        return accountStamp;
    }

    public CurrentUser current() {
        return new CurrentUser(id, username, role, customerId, technicianId);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        // a director or head of department also carries the dispatcher's authority, so every URL rule that lets
        // dispatchers in lets them in (Role.includes); ZoneScope widens what they see
        return role.withIncluded().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
    }

    @Override
    public @Nullable String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public String toString() {
        return "FieldPlanUser[" + username + ", " + role.code() + "]";
    }
}
