package org.fieldplan.engine.solver;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How long and how to solve.
 *
 * @param timeLimit           stop after this much solving time (> 0)
 * @param unimprovedTimeLimit stop early after this long without a new best; {@code null} = never
 * @param randomSeed          the seed (same seed, same problem, same steps: reproducible runs)
 * @param fullAssert          check every incremental score against a from-scratch one (very slow; tests)
 */
public record SolverSettings(Duration timeLimit, @Nullable Duration unimprovedTimeLimit, long randomSeed,
        boolean fullAssert) {

    public static final long DEFAULT_SEED = 42L;

    public SolverSettings {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("The time limit (" + timeLimit + ") must be positive, e.g. PT30S.");
        }
        if (unimprovedTimeLimit != null && (unimprovedTimeLimit.isNegative() || unimprovedTimeLimit.isZero())) {
            throw new IllegalArgumentException("The unimproved time limit (" + unimprovedTimeLimit
                    + ") must be positive, or null for none.");
        }
    }

    /** Solve for {@code seconds}, no unimproved limit, the default seed. */
    public static SolverSettings ofSeconds(long seconds) {
        return new SolverSettings(Duration.ofSeconds(seconds), null, DEFAULT_SEED, false);
    }

    public SolverSettings withUnimprovedTimeLimit(@Nullable Duration limit) {
        return new SolverSettings(timeLimit, limit, randomSeed, fullAssert);
    }

    public SolverSettings withRandomSeed(long seed) {
        return new SolverSettings(timeLimit, unimprovedTimeLimit, seed, fullAssert);
    }

    public SolverSettings withFullAssert(boolean on) {
        return new SolverSettings(timeLimit, unimprovedTimeLimit, randomSeed, on);
    }
}
