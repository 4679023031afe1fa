package org.fieldplan.engine.travel;

import java.util.Arrays;

/**
 * Travel times (seconds) and distances (metres) between the locations of a plan, as primitive
 * row-major arrays: the entry for {@code from -> to} is at {@code from * size + to}.
 * <p>
 * An unreachable pair holds {@link #UNREACHABLE} in both arrays (an explicit value, never a huge
 * number); the solver treats a route over such a leg as infeasible. The diagonal is 0.
 * Immutable: the factory copies nothing, so callers must not change the arrays they hand over.
 */
public final class TravelMatrix {

    /** The value of an unreachable leg, in both the seconds and the metres array. */
    public static final int UNREACHABLE = -1;

    private final int size;
    private final int[] seconds;
    private final int[] metres;

    private TravelMatrix(int size, int[] seconds, int[] metres) {
        this.size = size;
        this.seconds = seconds;
        this.metres = metres;
    }

    /**
     * @param size    number of locations
     * @param seconds row-major travel times, length size*size, each >= 0 or {@link #UNREACHABLE}
     * @param metres  row-major distances, length size*size, each >= 0 or {@link #UNREACHABLE}
     */
    public static TravelMatrix of(int size, int[] seconds, int[] metres) {
        if (size < 0) {
            throw new IllegalArgumentException("The matrix size (" + size + ") is negative.");
        }
        long expected = (long) size * size;
        if (seconds.length != expected) {
            throw new IllegalArgumentException("The seconds array has " + seconds.length
                    + " entries but a matrix of size " + size + " needs " + expected + " (size*size, row-major).");
        }
        if (metres.length != expected) {
            throw new IllegalArgumentException("The metres array has " + metres.length
                    + " entries but a matrix of size " + size + " needs " + expected + " (size*size, row-major).");
        }
        for (int i = 0; i < seconds.length; i++) {
            int s = seconds[i];
            int m = metres[i];
            if (s < UNREACHABLE || m < UNREACHABLE) {
                throw new IllegalArgumentException("The matrix entry from " + (i / size) + " to " + (i % size)
                        + " has seconds " + s + " and metres " + m
                        + "; each must be >= 0, or " + UNREACHABLE + " (UNREACHABLE) in both.");
            }
            if ((s == UNREACHABLE) != (m == UNREACHABLE)) {
                throw new IllegalArgumentException("The matrix entry from " + (i / size) + " to " + (i % size)
                        + " has seconds " + s + " and metres " + m
                        + "; an unreachable leg must be " + UNREACHABLE + " in both arrays.");
            }
        }
        return new TravelMatrix(size, seconds, metres);
    }

    /** A matrix with the same value as seconds and metres (e.g. scaled Euclidean distances). */
    public static TravelMatrix ofSymmetricUnits(int size, int[] secondsAndMetres) {
        return of(size, secondsAndMetres, secondsAndMetres);
    }

    public int size() {
        return size;
    }

    /** Travel seconds from one location index to another, or {@link #UNREACHABLE}. */
    public int seconds(int from, int to) {
        return seconds[from * size + to];
    }

    /** Travel metres from one location index to another, or {@link #UNREACHABLE}. */
    public int metres(int from, int to) {
        return metres[from * size + to];
    }

    public boolean reachable(int from, int to) {
        return seconds[from * size + to] != UNREACHABLE;
    }

    /** A defensive copy of the row-major seconds. */
    public int[] secondsArray() {
        return seconds.clone();
    }

    /** A defensive copy of the row-major metres. */
    public int[] metresArray() {
        return metres.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TravelMatrix other && size == other.size
                && Arrays.equals(seconds, other.seconds) && Arrays.equals(metres, other.metres);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * size + Arrays.hashCode(seconds)) + Arrays.hashCode(metres);
    }

    @Override
    public String toString() {
        return "TravelMatrix[size=" + size + "]";
    }
}
