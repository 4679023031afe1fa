package org.fieldplan.api.report;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The buckets of the reaction and completion times' histograms (V145, {@code report_bucket}; docs/reports.md, "The
 * percentiles"): whole minutes below 2 hours, quarter hours below 2 days, hours below 30 days, days beyond (the last
 * bucket, from 759 days on, takes everything longer). A percentile read from the histogram is PostgreSQL's
 * {@code percentile_cont} over the values spread evenly inside their buckets, so it is off by less than the width of the
 * bucket of the value at or above the percentile's rank.
 */
public final class ReportHistogram {

    /** The number of buckets; bucket numbers run from 1. */
    public static final int BUCKETS = 977 + 729;

    private ReportHistogram() {}

    /** The bucket of a time in minutes (as {@code report_bucket} in SQL). */
    public static int bucket(double minutes) {
        if (minutes < 120) {
            return (int) Math.max(Math.floor(minutes), 0) + 1;
        }
        if (minutes < 2880) {
            return 121 + (int) Math.floor((minutes - 120) / 15);
        }
        if (minutes < 43200) {
            return 305 + (int) Math.floor((minutes - 2880) / 60);
        }
        return 977 + (int) Math.min(Math.floor((minutes - 43200) / 1440), 729);
    }

    /** Where bucket {@code b} starts, in minutes. */
    public static double lower(int b) {
        if (b <= 120) {
            return b - 1;
        }
        if (b <= 304) {
            return 120 + 15.0 * (b - 121);
        }
        if (b <= 976) {
            return 2880 + 60.0 * (b - 305);
        }
        return 43200 + 1440.0 * (b - 977);
    }

    /** How wide bucket {@code b} is, in minutes. */
    public static double width(int b) {
        return b <= 120 ? 1 : b <= 304 ? 15 : b <= 976 ? 60 : 1440;
    }

    /**
     * The {@code p}-th percentile (0..1) of the values counted in {@code counts} (bucket number to count), as
     * {@code percentile_cont} would give over the values spread evenly inside their buckets; null without values.
     */
    public static @Nullable Double percentile(SortedMap<Integer, Long> counts, double p) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        double rank = p * (total - 1);
        long lo = (long) Math.floor(rank);
        long hi = (long) Math.ceil(rank);
        double a = value(counts, lo);
        double b = hi == lo ? a : value(counts, hi);
        return a + (b - a) * (rank - lo);
    }

    /** The i-th value (from 0) in order: the bucket's c values sit at the middles of c equal parts of it. */
    private static double value(SortedMap<Integer, Long> counts, long i) {
        long before = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            long c = e.getValue();
            if (i < before + c) {
                int bucket = e.getKey();
                return lower(bucket) + width(bucket) * ((i - before) + 0.5) / c;
            }
            before += c;
        }
        throw new IllegalArgumentException("rank " + i + " beyond " + before + " values");
    }

    /** A histogram of these minutes (for tests and the exact path's comparisons). */
    public static SortedMap<Integer, Long> of(Iterable<Double> minutes) {
        SortedMap<Integer, Long> h = new TreeMap<>();
        for (double m : minutes) {
            h.merge(bucket(m), 1L, Long::sum);
        }
        return h;
    }
}
