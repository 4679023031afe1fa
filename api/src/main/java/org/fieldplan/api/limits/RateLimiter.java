package org.fieldplan.api.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets per (limit, client), in memory (one service instance; see docs/limits.md). Buckets that are full
 * again carry nothing and are forgotten by a sweep at most once a minute; past {@code maxClients} the oldest-idle
 * are dropped as well, so the map stays bounded however many addresses call.
 */
final class RateLimiter {

    /** The answer for one request: allowed, or refused with how long to wait. */
    record Decision(boolean allowed, long retryAfterSeconds) {}

    private record Key(String limit, String client) {}

    private static final class Entry {
        final Bucket bucket;
        final long capacity;
        volatile long lastUsedNanos;

        Entry(Bucket bucket, long capacity) {
            this.bucket = bucket;
            this.capacity = capacity;
        }
    }

    private final Map<Key, Entry> buckets = new ConcurrentHashMap<>();
    private final int maxClients;
    private final AtomicLong lastSweepNanos = new AtomicLong(System.nanoTime());

    RateLimiter(int maxClients) {
        this.maxClients = maxClients;
    }

    Decision take(String limit, Rate rate, String client) {
        long now = System.nanoTime();
        Entry entry = buckets.computeIfAbsent(new Key(limit, client), k -> new Entry(Bucket.builder()
                .addLimit(l -> l.capacity(rate.count()).refillGreedy(rate.count(), rate.period())).build(), rate.count()));
        entry.lastUsedNanos = now;
        ConsumptionProbe probe = entry.bucket.tryConsumeAndReturnRemaining(1);
        sweepNowAndThen(now);
        if (probe.isConsumed()) {
            return new Decision(true, 0);
        }
        return new Decision(false, Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }

    int tracked() {
        return buckets.size();
    }

    private void sweepNowAndThen(long now) {
        long last = lastSweepNanos.get();
        boolean due = now - last > Duration.ofMinutes(1).toNanos() || buckets.size() > maxClients;
        if (!due || !lastSweepNanos.compareAndSet(last, now)) {
            return;
        }
        buckets.values().removeIf(e -> e.bucket.getAvailableTokens() >= e.capacity);
        if (buckets.size() > maxClients) {
            long cutoff = buckets.values().stream().mapToLong(e -> e.lastUsedNanos).sorted()
                    .skip(buckets.size() - maxClients).findFirst().orElse(now);
            buckets.values().removeIf(e -> e.lastUsedNanos < cutoff);
        }
    }
}
