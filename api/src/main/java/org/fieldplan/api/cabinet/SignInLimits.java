package org.fieldplan.api.cabinet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.fieldplan.api.limits.Rate;
import org.fieldplan.api.web.TooManyRequestsException;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) for the sign-in: codes per contact, codes per client address, checks per client address.
 * In memory per instance, like the public limits (docs/limits.md); bounded by dropping full buckets.
 */
@Component
class SignInLimits {

    private static final int MAX_KEYS = 100_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final CabinetProperties properties;

    SignInLimits(CabinetProperties properties) {
        this.properties = properties;
    }

    void codeFor(String contact, String client) {
        take("code-client", client, properties.codesPerClient());
        take("code-contact", contact, properties.codesPerContact());
    }

    void check(String client) {
        take("check-client", client, properties.checksPerClient());
    }

    private void take(String limit, String key, Rate rate) {
        if (buckets.size() > MAX_KEYS) {
            buckets.clear(); // a flood of distinct keys: forget them all rather than grow without bound
        }
        Bucket bucket = buckets.computeIfAbsent(limit + "|" + key, k -> Bucket.builder()
                .addLimit(l -> l.capacity(rate.count()).refillGreedy(rate.count(), rate.period())).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new TooManyRequestsException("sign-in-rate-limited", "Too many sign-in attempts",
                    "Too many sign-in " + (limit.startsWith("code") ? "codes were asked for" : "attempts") + " (at most "
                            + rate + "); try again in " + seconds + " s.", seconds, Map.of("limit", limit));
        }
    }
}
