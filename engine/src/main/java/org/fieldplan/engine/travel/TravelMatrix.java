package org.fieldplan.engine.travel;

import java.util.Arrays;

/**
 * Travel times (seconds) and distances (metres) between the locations of a plan, as primitive
 * row-major arrays: the entry for {@code from -> to} is at {@code from * size + to}.
 * <p>
 * An unreachable pair holds {@link #UNREACHABLE} in both arrays (an explicit value, never a huge
 * number); the solver treats a route over such a leg as infeasible. The diagonal is 0.
 * Immutable. Up to {@value #MAX_REORDERED_SIZE} locations the factory keeps its own copy with rows and columns in
 * a nearest-neighbour order (places near each other near in memory; see {@code nearestNeighbourOrder}); larger
 * matrices keep the arrays handed over, so callers must not change them.
 */
public final class TravelMatrix {

    /** The value of an unreachable leg, in both the seconds and the metres array. */
    public static final int UNREACHABLE = -1;

    /** Above this many locations the entries keep the caller's order (reordering copies the arrays once). */
    static final int MAX_REORDERED_SIZE = 4_096;

    private final int size;
    /** Entries in the internal order: the entry for {@code from -> to} is at {@code order[from] * size + order[to]}. */
    private final int[] seconds;
    private final int[] metres;
    /** order[location index] = its row and column in the internal arrays. */
    private final int[] order;

    private TravelMatrix(int size, int[] seconds, int[] metres, int[] order) {
        this.size = size;
        this.seconds = seconds;
        this.metres = metres;
        this.order = order;
    }

    /**
     * @param size    number of locations
     * @param seconds row-major travel times, length size*size, each >= 0 or {@link #UNREACHABLE}
     * @param metres  row-major distances, length size*size, each >= 0 or {@link #UNREACHABLE}
     */
    public static TravelMatrix of(int size, int[] seconds, int[] metres) {
        check(size, seconds, metres);
        if (size < 3 || size > MAX_REORDERED_SIZE) {
            return new TravelMatrix(size, seconds, metres, identity(size));
        }
        return reordered(size, seconds, metres);
    }

    /**
     * A matrix over the caller's own arrays in the caller's order (no copy, no reordering), for a caller that
     * writes some places' rows and columns after creation and wants the matrix to read them: the booking search
     * writes a customer's address into a spare place of a prepared plan's matrix for each query. The caller must
     * not change an entry the solver may be reading at the same time.
     */
    public static TravelMatrix writable(int size, int[] seconds, int[] metres) {
        check(size, seconds, metres);
        return new TravelMatrix(size, seconds, metres, identity(size));
    }

    private static int[] identity(int size) {
        int[] identity = new int[size];
        for (int i = 0; i < size; i++) {
            identity[i] = i;
        }
        return identity;
    }

    private static void check(int size, int[] seconds, int[] metres) {
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
    }

    private static TravelMatrix reordered(int size, int[] seconds, int[] metres) {
        int[] order = nearestNeighbourOrder(size, seconds);
        int[] s2 = new int[seconds.length];
        int[] m2 = new int[metres.length];
        for (int from = 0; from < size; from++) {
            int row = order[from] * size;
            int src = from * size;
            for (int to = 0; to < size; to++) {
                s2[row + order[to]] = seconds[src + to];
                m2[row + order[to]] = metres[src + to];
            }
        }
        return new TravelMatrix(size, s2, m2, order);
    }

    /**
     * Rows and columns in the order of a greedy nearest-neighbour tour (from location 0, by travel seconds), so
     * that places near each other get near rows and columns (issue 12). A route's legs join near places, and the
     * timing update down a route then reads entries that lie close together in memory (a few cache lines per
     * row near the diagonal) instead of lines spread over the whole matrix: the matrix of a 1,000-visit plan is
     * 4 MB per array and does not fit a core's cache. The order changes only where the numbers lie, never a value.
     */
    private static int[] nearestNeighbourOrder(int size, int[] seconds) {
        int[] order = new int[size];
        boolean[] placed = new boolean[size];
        int current = 0;
        placed[0] = true;
        order[0] = 0;
        for (int rank = 1; rank < size; rank++) {
            int best = -1;
            long bestSeconds = Long.MAX_VALUE;
            int row = current * size;
            for (int to = 0; to < size; to++) {
                if (placed[to]) {
                    continue;
                }
                int sec = seconds[row + to];
                long key = sec == UNREACHABLE ? Long.MAX_VALUE - 1 : sec;
                if (key < bestSeconds) {
                    bestSeconds = key;
                    best = to;
                }
            }
            placed[best] = true;
            order[best] = rank;
            current = best;
        }
        return order;
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
        return seconds[order[from] * size + order[to]];
    }

    /** Travel metres from one location index to another, or {@link #UNREACHABLE}. */
    public int metres(int from, int to) {
        return metres[order[from] * size + order[to]];
    }

    public boolean reachable(int from, int to) {
        return seconds[order[from] * size + order[to]] != UNREACHABLE;
    }

    /**
     * Where the leg {@code from -> to} lies, for {@link #secondsAt(int)} and {@link #metresAt(int)}: the timing
     * update reads both of one leg without working out the place twice.
     */
    public int cell(int from, int to) {
        return order[from] * size + order[to];
    }

    /** Travel seconds of the leg at {@code cell} ({@link #cell(int, int)}), or {@link #UNREACHABLE}. */
    public int secondsAt(int cell) {
        return seconds[cell];
    }

    /** Travel metres of the leg at {@code cell} ({@link #cell(int, int)}), or {@link #UNREACHABLE}. */
    public int metresAt(int cell) {
        return metres[cell];
    }

    /** A copy of the row-major seconds, in location index order. */
    public int[] secondsArray() {
        return inLocationOrder(seconds);
    }

    /** A copy of the row-major metres, in location index order. */
    public int[] metresArray() {
        return inLocationOrder(metres);
    }

    private int[] inLocationOrder(int[] internal) {
        if (size > MAX_REORDERED_SIZE || size < 3) {
            return internal.clone(); // kept in the caller's order
        }
        int[] out = new int[internal.length];
        for (int from = 0; from < size; from++) {
            int row = order[from] * size;
            for (int to = 0; to < size; to++) {
                out[from * size + to] = internal[row + order[to]];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TravelMatrix other && size == other.size
                && Arrays.equals(order, other.order) && Arrays.equals(seconds, other.seconds)
                && Arrays.equals(metres, other.metres);
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
