package org.fieldplan.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsTest {

    private static LimitProperties limits(List<String> trusted) {
        return new LimitProperties(trusted, Rate.valueOf("60/1m"), Rate.valueOf("30/1m"), Rate.valueOf("20/1m"),
                Rate.valueOf("10/1m"), Rate.valueOf("120/1m"), Rate.valueOf("10/1m"), 3, 100_000,
                new LimitProperties.Login(2, Duration.ofSeconds(8), 6, 10, Duration.ofMinutes(15)));
    }

    /** A clock the test moves. */
    private static final class Ticking extends Clock {
        Instant now = Instant.parse("2026-06-01T10:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void pass(long seconds) { now = now.plusSeconds(seconds); }
    }

    @Test
    void ratesReadLikeSixtyPerMinute() {
        assertThat(Rate.valueOf("60/1m")).isEqualTo(new Rate(60, Duration.ofMinutes(1)));
        assertThat(Rate.valueOf(" 10 / 30s ").period()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Rate.valueOf("60")).hasMessageContaining("60/1m");
        assertThatThrownBy(() -> Rate.valueOf("0/1m")).hasMessageContaining("at least 1");
    }

    @Test
    void forwardedForCountsOnlyFromATrustedProxy() {
        ClientAddress untrusting = new ClientAddress(limits(List.of()));
        assertThat(untrusting.key("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
        ClientAddress behindProxy = new ClientAddress(limits(List.of("10.0.0.2", "10.0.0.3")));
        assertThat(behindProxy.key("10.0.0.2", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindProxy.key("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.3"))
                .as("the right-most address that is not a proxy; the client's own prefix is not believed").isEqualTo("203.0.113.9");
        assertThat(behindProxy.key("10.0.0.2", "not-an-address")).isEqualTo("10.0.0.2");
        assertThat(behindProxy.key("198.51.100.7", "203.0.113.9")).as("not from the proxy").isEqualTo("198.51.100.7");
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        ClientAddress c = new ClientAddress(limits(List.of()));
        assertThat(c.key("2001:db8:1:2:aaaa::1", null)).isEqualTo(c.key("2001:db8:1:2:bbbb::9", null));
        assertThat(c.key("2001:db8:1:2::1", null)).isNotEqualTo(c.key("2001:db8:1:3::1", null));
    }

    @Test
    void aBucketRefusesPastItsRateAndSaysHowLongToWait() {
        RateLimiter limiter = new RateLimiter(1000);
        Rate rate = new Rate(3, Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.take("x", rate, "a").allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.take("x", rate, "a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 20L);
        assertThat(limiter.take("x", rate, "b").allowed()).as("another client has its own bucket").isTrue();
        assertThat(limiter.take("y", rate, "a").allowed()).as("another limit too").isTrue();
    }

    @Test
    void failuresSlowDownDoublingThenLockAndASuccessClearsThem() {
        Ticking clock = new Ticking();
        LoginGuard guard = new LoginGuard(limits(List.of()), clock);
        guard.failed("Ann", "a");
        guard.failed("ann", "a");
        assertThat(guard.check("ann", "a")).as("two failures are free").isNull();
        guard.failed("ann", "a");
        assertThat(guard.check("ANN", "a").retryAfterSeconds()).isEqualTo(1);
        clock.pass(1);
        guard.failed("ann", "a");
        assertThat(guard.check("ann", "a").retryAfterSeconds()).isEqualTo(2);
        clock.pass(2);
        guard.failed("ann", "a");
        assertThat(guard.check("ann", "b").retryAfterSeconds()).as("the account waits from any address").isEqualTo(4);
        clock.pass(4);
        guard.failed("ann", "a");
        LoginGuard.Refusal locked = guard.check("ann", "c");
        assertThat(locked.locked()).isTrue();
        assertThat(locked.retryAfterSeconds()).isEqualTo(15 * 60);
        clock.pass(15 * 60);
        assertThat(guard.check("ann", "c")).as("the lock runs out").isNull();
        guard.succeeded("ann");
        guard.failed("ann", "c");
        assertThat(guard.check("ann", "c")).isNull();
    }

    @Test
    void oneAddressGuessingManyAccountsIsLocked() {
        LoginGuard guard = new LoginGuard(limits(List.of()), new Ticking());
        for (int i = 0; i < 10; i++) {
            guard.failed("user" + i, "evil");
        }
        LoginGuard.Refusal refusal = guard.check("someone-new", "evil");
        assertThat(refusal).isNotNull();
        assertThat(refusal.byAddress()).isTrue();
        assertThat(guard.check("someone-new", "good")).isNull();
    }
}
