package org.fieldplan.api.limits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the public surface ({@code fieldplan.limits.*}); see docs/limits.md. Every limit is per client address
 * (an IPv6 address counts by its /64 network).
 *
 * @param trustedProxies     remote addresses of reverse proxies whose X-Forwarded-For is believed; empty (the
 *                           default): the client is the TCP peer and X-Forwarded-For is ignored
 * @param addresses          address suggestions ({@code GET /api/public/addresses})
 * @param windows            window searches ({@code GET /api/public/windows})
 * @param holds              holding and releasing windows ({@code POST/DELETE /api/public/holds})
 * @param bookings           bookings ({@code POST /api/public/bookings})
 * @param publicOther        every other public request (services, the booking page)
 * @param loginForm          sign-in form posts ({@code POST /login})
 * @param liveHoldsPerClient how many unexpired, unbooked holds one client address may have at once
 * @param maxClients         how many client addresses the limiter remembers at most (memory bound)
 * @param login              failed sign-ins
 */
@ConfigurationProperties("fieldplan.limits")
@Validated
public record LimitProperties(
        @DefaultValue({}) @NotNull List<String> trustedProxies,
        @DefaultValue("60/1m") @NotNull Rate addresses,
        @DefaultValue("30/1m") @NotNull Rate windows,
        @DefaultValue("20/1m") @NotNull Rate holds,
        @DefaultValue("10/1m") @NotNull Rate bookings,
        @DefaultValue("120/1m") @NotNull Rate publicOther,
        @DefaultValue("10/1m") @NotNull Rate loginForm,
        @DefaultValue("3") @Min(1) @Max(1000) int liveHoldsPerClient,
        @DefaultValue("100000") @Min(100) int maxClients,
        @DefaultValue @Valid Login login) {

    /**
     * @param freeFailures      failed sign-ins of one account that cost nothing; each further one doubles the wait
     *                          before the next attempt (1 s, 2 s, 4 s, ... up to {@code maxDelay})
     * @param maxDelay          the longest such wait
     * @param lockAfter         failed sign-ins of one account in a row that lock it for {@code lockFor}
     * @param addressLockAfter  failed sign-ins from one client address (any accounts) that lock the address
     * @param lockFor           how long a lock lasts (and how long failures are remembered)
     */
    public record Login(
            @DefaultValue("5") @Min(1) int freeFailures,
            @DefaultValue("60s") @NotNull Duration maxDelay,
            @DefaultValue("10") @Min(1) int lockAfter,
            @DefaultValue("30") @Min(1) int addressLockAfter,
            @DefaultValue("15m") @NotNull Duration lockFor) {}
}
