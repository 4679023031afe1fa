package org.fieldplan.api.limits;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/**
 * A rate limit: at most {@code count} requests per {@code period}, refilled smoothly (a token bucket of size
 * {@code count}). Written in settings as {@code "60/1m"}, {@code "10/30s"}.
 */
public record Rate(int count, Duration period) {

    public Rate {
        if (count < 1) {
            throw new IllegalArgumentException("a rate allows at least 1 request, not " + count);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate's period must be positive, not " + period);
        }
    }

    /** Reads {@code "60/1m"}: requests, a slash, and a period like 30s, 1m, 1h. */
    public static Rate valueOf(String text) {
        String[] parts = text.strip().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a rate like 60/1m (requests/period)");
        }
        try {
            return new Rate(Integer.parseInt(parts[0].strip()), DurationStyle.detectAndParse(parts[1].strip()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a rate like 60/1m (requests/period): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return count + "/" + DurationStyle.SIMPLE.print(period);
    }
}
