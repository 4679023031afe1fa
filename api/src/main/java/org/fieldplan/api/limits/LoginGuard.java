package org.fieldplan.api.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins, per account and per client address. The first {@code freeFailures} failures of an account cost
 * nothing; after each further one the next attempt must wait twice as long as before (1 s, 2 s, 4 s, ... at most
 * {@code maxDelay}); {@code lockAfter} failures in a row lock the account for {@code lockFor}, and
 * {@code addressLockAfter} failures from one address (whatever the accounts) lock that address. While a wait or a
 * lock lasts, even the right password is refused (429), so guessing gets nowhere faster. A successful sign-in
 * clears the account's failures; an administrator's password reset clears them too.
 * <p>
 * Failures are counted in memory by this service instance (in real time, whatever the application clock says),
 * forgotten {@code lockFor} after the last one.
 */
@Component
public class LoginGuard {

    /** Why an attempt is refused now and for how long. */
    public record Refusal(boolean locked, boolean byAddress, long retryAfterSeconds) {}

    private static final class Failures {
        int count;
        Instant last = Instant.EPOCH;
        @Nullable Instant lockedUntil;
    }

    private final LimitProperties.Login settings;
    private final Clock clock;
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();
    private final int maxClients;

    /** Real time, not the company's business clock: waits and locks are measured as the caller lives them. */
    @org.springframework.beans.factory.annotation.Autowired
    public LoginGuard(LimitProperties limits) {
        this(limits, Clock.systemUTC());
    }

    LoginGuard(LimitProperties limits, Clock clock) {
        this.settings = limits.login();
        this.maxClients = limits.maxClients();
        this.clock = clock;
    }

    /** Whether an attempt to sign in as {@code username} from {@code client} may go ahead now. */
    public @Nullable Refusal check(@Nullable String username, String client) {
        Instant now = clock.instant();
        Failures address = addresses.get(client);
        if (address != null) {
            synchronized (address) {
                if (address.lockedUntil != null && now.isBefore(address.lockedUntil)) {
                    return new Refusal(true, true, seconds(now, address.lockedUntil));
                }
            }
        }
        if (username == null) {
            return null;
        }
        Failures account = accounts.get(key(username));
        if (account == null) {
            return null;
        }
        synchronized (account) {
            if (account.lockedUntil != null && now.isBefore(account.lockedUntil)) {
                return new Refusal(true, false, seconds(now, account.lockedUntil));
            }
            Instant next = nextAttempt(account);
            if (next != null && now.isBefore(next)) {
                return new Refusal(false, false, seconds(now, next));
            }
        }
        return null;
    }

    /** A failed sign-in as {@code username} from {@code client}. */
    public void failed(String username, String client) {
        Instant now = clock.instant();
        forgetOld(now);
        count(accounts.computeIfAbsent(key(username), k -> new Failures()), now, settings.lockAfter());
        count(addresses.computeIfAbsent(client, k -> new Failures()), now, settings.addressLockAfter());
    }

    /** A successful sign-in: the account's failures are forgotten (the address's are not). */
    public void succeeded(String username) {
        accounts.remove(key(username));
    }

    /** An administrator set a new password or unlocked the account. */
    public void clear(String username) {
        accounts.remove(key(username));
    }

    private void count(Failures f, Instant now, int lockAfter) {
        synchronized (f) {
            if (f.lockedUntil != null && !now.isBefore(f.lockedUntil)) {
                f.count = 0; // a lock that ran out starts a fresh series
                f.lockedUntil = null;
            }
            if (f.lockedUntil == null && f.last.plus(settings.lockFor()).isBefore(now)) {
                f.count = 0; // failures are forgotten lockFor after the last one
            }
            f.count++;
            f.last = now;
            if (f.count >= lockAfter) {
                f.lockedUntil = now.plus(settings.lockFor());
            }
        }
    }

    private @Nullable Instant nextAttempt(Failures f) {
        int over = f.count - settings.freeFailures();
        if (over <= 0) {
            return null;
        }
        long delay = Math.min(settings.maxDelay().toMillis(), 1000L << Math.min(over - 1, 30));
        return f.last.plus(Duration.ofMillis(delay));
    }

    private void forgetOld(Instant now) {
        if (accounts.size() + addresses.size() < maxClients) {
            return;
        }
        Instant cutoff = now.minus(settings.lockFor());
        accounts.values().removeIf(f -> f.last.isBefore(cutoff) && (f.lockedUntil == null || f.lockedUntil.isBefore(now)));
        addresses.values().removeIf(f -> f.last.isBefore(cutoff) && (f.lockedUntil == null || f.lockedUntil.isBefore(now)));
    }

    private static String key(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    private static long seconds(Instant now, Instant until) {
        return Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
    }
}
