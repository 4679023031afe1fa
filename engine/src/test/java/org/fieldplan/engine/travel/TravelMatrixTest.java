package org.fieldplan.engine.travel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The matrix keeps its entries in a nearest-neighbour order internally (issue 12, cache locality); every reader
 * still sees the values by location index exactly as they were handed over.
 */
class TravelMatrixTest {

    @Test
    void everyEntryReadsBackByLocationIndexAfterReordering() {
        int n = 300;
        Random random = new Random(7);
        int[] seconds = new int[n * n];
        int[] metres = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean unreachable = i != j && random.nextInt(50) == 0;
                seconds[i * n + j] = i == j ? 0 : unreachable ? TravelMatrix.UNREACHABLE : 1 + random.nextInt(5000);
                metres[i * n + j] = i == j ? 0 : unreachable ? TravelMatrix.UNREACHABLE : 1 + random.nextInt(90_000);
            }
        }
        int[] secondsCopy = seconds.clone();
        int[] metresCopy = metres.clone();
        TravelMatrix matrix = TravelMatrix.of(n, seconds, metres);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                assertThat(matrix.seconds(i, j)).isEqualTo(secondsCopy[k]);
                assertThat(matrix.metres(i, j)).isEqualTo(metresCopy[k]);
                assertThat(matrix.reachable(i, j)).isEqualTo(secondsCopy[k] != TravelMatrix.UNREACHABLE);
                int cell = matrix.cell(i, j);
                assertThat(matrix.secondsAt(cell)).isEqualTo(secondsCopy[k]);
                assertThat(matrix.metresAt(cell)).isEqualTo(metresCopy[k]);
            }
        }
        assertThat(matrix.secondsArray()).isEqualTo(secondsCopy);
        assertThat(matrix.metresArray()).isEqualTo(metresCopy);
        assertThat(TravelMatrix.of(n, secondsCopy.clone(), metresCopy.clone())).isEqualTo(matrix)
                .hasSameHashCodeAs(matrix);
    }

    @Test
    void nearPlacesGetNearRowsSoARouteReadsFewCacheLines() {
        // points on a line in shuffled index order: after reordering, each point's nearest neighbour is at most a
        // few rows away (a greedy tour along a line visits it in order, with one turn at the end)
        int n = 200;
        int[] position = new int[n];
        for (int i = 0; i < n; i++) {
            position[i] = i;
        }
        Random random = new Random(3);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = position[i];
            position[i] = position[j];
            position[j] = t;
        }
        int[] seconds = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                seconds[i * n + j] = 10 * Math.abs(position[i] - position[j]);
            }
        }
        TravelMatrix matrix = TravelMatrix.ofSymmetricUnits(n, seconds);
        int far = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (Math.abs(position[i] - position[j]) == 1) {
                    // neighbours on the line: their cells in one row lie within a few entries of each other
                    int rowDistance = Math.abs(matrix.cell(i, j) / n - matrix.cell(j, j) / n);
                    if (rowDistance > 2) {
                        far++;
                    }
                }
            }
        }
        assertThat(far).isLessThanOrEqualTo(4);
    }

    @Test
    void aWritableMatrixReadsWhatItsOwnerWritesIntoASparePlaceAfterCreation() {
        int n = 50;
        int[] seconds = new int[n * n];
        int[] metres = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // the last place is spare: unreachable until a query writes an address there
                boolean spare = i != j && (i == n - 1 || j == n - 1);
                seconds[i * n + j] = i == j ? 0 : spare ? TravelMatrix.UNREACHABLE : 10 * Math.abs(i - j);
                metres[i * n + j] = i == j ? 0 : spare ? TravelMatrix.UNREACHABLE : 100 * Math.abs(i - j);
            }
        }
        TravelMatrix writable = TravelMatrix.writable(n, seconds, metres);
        TravelMatrix reordered = TravelMatrix.of(n, seconds.clone(), metres.clone());
        int spare = n - 1;
        seconds[spare * n + 7] = 123;
        metres[spare * n + 7] = 4_567;
        seconds[7 * n + spare] = 321;
        metres[7 * n + spare] = 7_654;
        assertThat(writable.seconds(spare, 7)).isEqualTo(123);
        assertThat(writable.metres(spare, 7)).isEqualTo(4_567);
        assertThat(writable.seconds(7, spare)).isEqualTo(321);
        assertThat(writable.metres(7, spare)).isEqualTo(7_654);
        assertThat(writable.seconds(3, 9)).isEqualTo(60);
        // the reordering factory works on a copy of its own, so it is no use to such an owner
        assertThat(reordered.seconds(spare, 7)).isEqualTo(TravelMatrix.UNREACHABLE);
    }
}
