package org.fieldplan.engine.partition;

import java.time.Duration;

/**
 * How to split and solve a {@link RegionProblem}.
 *
 * @param timeLimit        the whole solve, parts and boundary pass together (> 0)
 * @param maxVisitsPerPart a part holds about this many visits at most (the problem is split into
 *                         {@code ceil(visits / maxVisitsPerPart)} parts; one part = a plain solve)
 * @param boundaryShare    the share of the time limit (0..0.9) spent re-solving neighbouring parts together
 * @param randomSeed       the seed for the split and every solver
 * @param travelSearch     whether each part's improvement (and each boundary pair) starts with the travel search
 *                         (FieldPlan's ruin-and-recreate judged by unassigned visits and travel only) before Timefold's
 *                         local search; off: the local search alone, which weighs every soft rule from the start
 * @param earlyBoundary    with the travel search: the parts' travel search stops after
 *                         {@link PartitionedSolver#EARLY_PARTS_SHARE} of its time and the nearest pairs of parts
 *                         continue it together (warm, at a low temperature) for the rest, so that visits cross the
 *                         parts' borders within the first minute; off: the pairs come only after the local search
 * @param redraws          with the travel search (and without {@code earlyBoundary}): after the parts' first travel
 *                         search the parts are drawn again around the current routes this many times (0..10; new
 *                         borders from a differently seeded clustering), each drawing continuing the travel search warm,
 *                         so that routes on both sides of an old border are searched together within the first minute
 */
public record PartitionSettings(Duration timeLimit, int maxVisitsPerPart, double boundaryShare, long randomSeed,
        boolean travelSearch, boolean earlyBoundary, int redraws) {

    /** About a thousand visits per part: what one solver thread plans feasibly in seconds. */
    public static final int DEFAULT_MAX_VISITS_PER_PART = 1_000;
    public static final double DEFAULT_BOUNDARY_SHARE = 0.3;
    /** Whether the nearest pairs continue the parts' travel search together within the first minute. */
    public static final boolean DEFAULT_EARLY_BOUNDARY = false;
    /**
     * How many times the parts are drawn again during the parts' travel search: three (measured 2026-12-06 21:10-21:19 on
     * the 10,000-visit day, helpers' processes at nice 19: 34.3-34.8 h at 60 s against 38.3 h without).
     */
    public static final int DEFAULT_REDRAWS = 3;

    public PartitionSettings {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("The time limit (" + timeLimit + ") must be positive, e.g. PT300S.");
        }
        if (maxVisitsPerPart < 1) {
            throw new IllegalArgumentException("maxVisitsPerPart (" + maxVisitsPerPart + ") must be at least 1, e.g. "
                    + DEFAULT_MAX_VISITS_PER_PART + ".");
        }
        if (!(boundaryShare >= 0 && boundaryShare <= 0.9)) {
            throw new IllegalArgumentException("boundaryShare (" + boundaryShare + ") must lie in 0..0.9, e.g. "
                    + DEFAULT_BOUNDARY_SHARE + ".");
        }
        if (redraws < 0 || redraws > 10) {
            throw new IllegalArgumentException("redraws (" + redraws + ") must lie in 0..10, e.g. " + DEFAULT_REDRAWS + ".");
        }
    }

    /** With the default number of redraws. */
    public PartitionSettings(Duration timeLimit, int maxVisitsPerPart, double boundaryShare, long randomSeed,
            boolean travelSearch, boolean earlyBoundary) {
        this(timeLimit, maxVisitsPerPart, boundaryShare, randomSeed, travelSearch, earlyBoundary, DEFAULT_REDRAWS);
    }

    /** With the travel search on. */
    public PartitionSettings(Duration timeLimit, int maxVisitsPerPart, double boundaryShare, long randomSeed) {
        this(timeLimit, maxVisitsPerPart, boundaryShare, randomSeed, true);
    }

    /** With the early boundary round as by default. */
    public PartitionSettings(Duration timeLimit, int maxVisitsPerPart, double boundaryShare, long randomSeed,
            boolean travelSearch) {
        this(timeLimit, maxVisitsPerPart, boundaryShare, randomSeed, travelSearch, DEFAULT_EARLY_BOUNDARY);
    }

    public static PartitionSettings ofSeconds(long seconds) {
        return new PartitionSettings(Duration.ofSeconds(seconds), DEFAULT_MAX_VISITS_PER_PART, DEFAULT_BOUNDARY_SHARE,
                42L);
    }

    public PartitionSettings withMaxVisitsPerPart(int max) {
        return new PartitionSettings(timeLimit, max, boundaryShare, randomSeed, travelSearch, earlyBoundary, redraws);
    }

    public PartitionSettings withBoundaryShare(double share) {
        return new PartitionSettings(timeLimit, maxVisitsPerPart, share, randomSeed, travelSearch, earlyBoundary, redraws);
    }

    public PartitionSettings withRandomSeed(long seed) {
        return new PartitionSettings(timeLimit, maxVisitsPerPart, boundaryShare, seed, travelSearch, earlyBoundary, redraws);
    }

    public PartitionSettings withTravelSearch(boolean on) {
        return new PartitionSettings(timeLimit, maxVisitsPerPart, boundaryShare, randomSeed, on, earlyBoundary, redraws);
    }

    public PartitionSettings withEarlyBoundary(boolean on) {
        return new PartitionSettings(timeLimit, maxVisitsPerPart, boundaryShare, randomSeed, travelSearch, on, redraws);
    }

    public PartitionSettings withRedraws(int count) {
        return new PartitionSettings(timeLimit, maxVisitsPerPart, boundaryShare, randomSeed, travelSearch, earlyBoundary,
                count);
    }
}
