package org.fieldplan.api.security;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;

import java.util.Set;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates sign-in accounts with hashed passwords. The demo loader and the tests use it; linking an account
 * to a customer or technician is done by setting {@code customer.user_id} / {@code technician.user_id}.
 */
@Service
public class UserAccounts {

    private final DSLContext db;
    private final PasswordEncoder passwords;

    UserAccounts(DSLContext db, PasswordEncoder passwords) {
        this.db = db;
        this.passwords = passwords;
    }

    public record NewAccount(String username, String password, String displayName, @Nullable String email, Set<Role> roles) {
        public NewAccount {
            if (username.isBlank()) {
                throw new IllegalArgumentException("The username is blank; give the account a sign-in name.");
            }
            if (password.length() < 8) {
                throw new IllegalArgumentException("The password of '" + username + "' has " + password.length()
                        + " characters; use at least 8.");
            }
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("The account '" + username + "' has no role; give it at least one.");
            }
            roles = Set.copyOf(roles);
        }
    }

    /** Creates the account and returns its id. */
    @Transactional
    public long create(NewAccount account) {
        long id = db.insertInto(APP_USER)
                .set(APP_USER.USERNAME, account.username())
                .set(APP_USER.PASSWORD_HASH, passwords.encode(account.password()))
                .set(APP_USER.DISPLAY_NAME, account.displayName())
                .set(APP_USER.EMAIL, account.email())
                .returningResult(APP_USER.ID)
                .fetchSingle().value1();
        for (Role role : account.roles()) {
            db.insertInto(APP_USER_ROLE).set(APP_USER_ROLE.USER_ID, id).set(APP_USER_ROLE.ROLE_CODE, role.code()).execute();
        }
        return id;
    }

    /** Creates the account with a phone number (a customer's contact person who signs in by a code sent to it). */
    @Transactional
    public long create(NewAccount account, @Nullable String phone) {
        long id = create(account);
        if (phone != null) {
            db.update(APP_USER).set(APP_USER.PHONE, phone).where(APP_USER.ID.eq(id)).execute();
        }
        return id;
    }

    /** Sets a new password (hashed); the caller checked its length. */
    @Transactional
    public void setPassword(long userId, String password) {
        db.update(APP_USER).set(APP_USER.PASSWORD_HASH, passwords.encode(password)).where(APP_USER.ID.eq(userId)).execute();
    }

    /** Creates the account unless a user of that name exists; returns the id either way (for re-runnable loaders). */
    @Transactional
    public long createIfAbsent(NewAccount account) {
        Long existing = db.select(APP_USER.ID).from(APP_USER).where(APP_USER.USERNAME.eq(account.username())).fetchOne(APP_USER.ID);
        return existing != null ? existing : create(account);
    }
}
