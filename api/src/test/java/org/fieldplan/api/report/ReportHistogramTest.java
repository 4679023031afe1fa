package org.fieldplan.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The percentiles' buckets (docs/reports.md, "The percentiles"): each bucket holds exactly the minutes between its lower
 * bound and the next bucket's, of the stated widths; a percentile from the histogram is within the width of the bucket
 * of the value at or above its rank of this test's own exact {@code percentile_cont}.
 */
class ReportHistogramTest {

    @Test
    void theBucketsHaveTheStatedWidthsAndFollowEachOther() {
        assertThat(ReportHistogram.bucket(0)).isEqualTo(1);
        assertThat(ReportHistogram.bucket(-3)).as("nothing below the first bucket").isEqualTo(1);
        assertThat(ReportHistogram.width(ReportHistogram.bucket(119.9))).isEqualTo(1);
        assertThat(ReportHistogram.width(ReportHistogram.bucket(120))).isEqualTo(15);
        assertThat(ReportHistogram.width(ReportHistogram.bucket(2879))).isEqualTo(15);
        assertThat(ReportHistogram.width(ReportHistogram.bucket(2880))).isEqualTo(60);
        assertThat(ReportHistogram.width(ReportHistogram.bucket(43199))).isEqualTo(60);
        assertThat(ReportHistogram.width(ReportHistogram.bucket(43200))).isEqualTo(1440);
        assertThat(ReportHistogram.bucket(1e12)).as("the longest share the last bucket").isEqualTo(ReportHistogram.BUCKETS);
        for (int b = 1; b < ReportHistogram.BUCKETS; b++) {
            assertThat(ReportHistogram.lower(b) + ReportHistogram.width(b)).as("bucket %d ends where %d starts", b, b + 1)
                    .isEqualTo(ReportHistogram.lower(b + 1));
            assertThat(ReportHistogram.bucket(ReportHistogram.lower(b))).isEqualTo(b);
            assertThat(ReportHistogram.bucket(ReportHistogram.lower(b + 1) - 1e-6)).isEqualTo(b);
        }
    }

    @Test
    void aPercentileIsWithinABucketOfTheExactOne() {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(400);
            double scale = List.of(30.0, 400.0, 5000.0, 90000.0).get(round % 4);
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(random.nextDouble() * random.nextDouble() * scale);
            }
            List<Double> sorted = values.stream().sorted().toList();
            for (double p : List.of(0.5, 0.9)) {
                double rank = p * (n - 1);
                int lo = (int) Math.floor(rank);
                int hi = (int) Math.ceil(rank);
                double exact = sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
                double width = sorted.get(hi) < 120 ? 1 : sorted.get(hi) < 2880 ? 15 : sorted.get(hi) < 43200 ? 60 : 1440;
                assertThat(ReportHistogram.percentile(ReportHistogram.of(values), p)).as("round %d, p %s, n %d", round, p, n)
                        .isCloseTo(exact, org.assertj.core.data.Offset.offset(width));
            }
        }
    }

    @Test
    void noValuesNoPercentileAndOneValueItsBucketsMiddle() {
        assertThat(ReportHistogram.percentile(new java.util.TreeMap<>(), 0.5)).isNull();
        assertThat(ReportHistogram.percentile(ReportHistogram.of(List.of(42.3)), 0.9)).isEqualTo(42.5);
        assertThat(ReportHistogram.percentile(ReportHistogram.of(List.of(130.0)), 0.5)).isEqualTo(127.5);
    }
}
