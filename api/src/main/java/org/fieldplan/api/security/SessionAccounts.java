package org.fieldplan.api.security;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether a session's user still stands as they signed in: the account enabled, the same roles, the same password.
 * A session holds the {@link FieldPlanUser} loaded at sign-in with its {@linkplain #stamp stamp}; every request that
 * rides on a session compares it with the account as stored, read by primary key at most once per
 * {@code fieldplan.security.session-recheck} (default 5 s) per user and instance. The database is the only source: an
 * administrator's change made on another instance reaches this one within that bound, with no event between them
 * (docs/security.md "Sessions follow account changes", docs/cluster.md).
 *
 * <p>The account's {@code version} is not part of the stamp: it also moves when the display name or e-mail changes, which
 * should not sign anyone out. A password reset does not move the version; the stamp carries a digest of the password
 * hash instead, so a reset ends the user's other sessions.
 */
@Component
public class SessionAccounts {

    /** Request attribute set when this request's session was ended (the 401 then says why). */
    static final String ENDED = SessionAccounts.class.getName() + ".ENDED";

    /** Above this many users cached on one instance, the cache starts over (a bound on memory, not a policy). */
    static final int MAX_CACHED = 20_000;

    /** The account as stored, when this instance read it. */
    record Account(boolean enabled, String stamp, long readAtNanos) {}

    private final DSLContext db;
    private final long recheckNanos;
    private final ConcurrentHashMap<Long, Account> cache = new ConcurrentHashMap<>();

    SessionAccounts(DSLContext db, @Value("${fieldplan.security.session-recheck:5s}") Duration recheck) {
        if (recheck.isNegative()) {
            throw new IllegalArgumentException("fieldplan.security.session-recheck is " + recheck + "; give 0s or more");
        }
        this.db = db;
        this.recheckNanos = recheck.toNanos();
    }

    /** The bound on how long a session outlives a change of its account on any instance. */
    public Duration recheck() {
        return Duration.ofNanos(recheckNanos);
    }

    /**
     * Whether the signed-in user may go on with their session: their account is enabled and has the stamp the session
     * was opened with. Reads the database only when this instance's copy is older than the bound, or on a mismatch (a
     * copy read just before the user signed in again after a change must not end the new session).
     */
    boolean stillValid(FieldPlanUser user) {
        String stamp = user.accountStamp();
        if (stamp == null) {
            return true; // a principal built without the stamp (not from the user details service): nothing to compare
        }
        long now = System.nanoTime();
        Account known = cache.get(user.id());
        if (known == null || now - known.readAtNanos() >= recheckNanos) {
            known = read(user.id(), now);
        }
        if (known.enabled() && known.stamp().equals(stamp)) {
            return true;
        }
        if (known.readAtNanos() != now) {
            known = read(user.id(), System.nanoTime()); // the copy may predate this session's sign-in: ask once more
        }
        return known.enabled() && known.stamp().equals(stamp);
    }

    private Account read(long userId, long now) {
        var rows = db.select(APP_USER.ENABLED, APP_USER.PASSWORD_HASH, APP_USER_ROLE.ROLE_CODE)
                .from(APP_USER).leftJoin(APP_USER_ROLE).on(APP_USER_ROLE.USER_ID.eq(APP_USER.ID))
                .where(APP_USER.ID.eq(userId)).fetch();
        Account account = rows.isEmpty() ? new Account(false, "", now)
                : new Account(rows.get(0).value1(), stamp(rows.stream().map(r -> r.value3()).filter(r -> r != null).toList(),
                        rows.get(0).value2()), now);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(userId, account);
        return account;
    }

    /** The roles (in any order) and a digest of the password hash: what a session depends on besides being enabled. */
    static String stamp(Collection<String> roleCodes, @Nullable String passwordHash) {
        String roles = String.join(",", roleCodes.stream().sorted().distinct().toList());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((passwordHash == null ? "" : passwordHash).getBytes(StandardCharsets.UTF_8));
            return roles + "|" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
