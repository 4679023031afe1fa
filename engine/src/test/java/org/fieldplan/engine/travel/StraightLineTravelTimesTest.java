package org.fieldplan.engine.travel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class StraightLineTravelTimesTest {

    // one degree of arc on a sphere of radius 6,371,008.8 m: 2 * pi * R / 360 = 111,195.08 m
    private static final double ONE_DEGREE_METRES = 2 * Math.PI * 6_371_008.8 / 360;

    @Test
    void haversineOfOneDegreeAlongTheEquatorAndAMeridian() {
        GeoPoint origin = new GeoPoint(0, 0);
        assertThat(origin.haversineMetres(new GeoPoint(0, 1))).isCloseTo(111_195.08, within(0.01));
        assertThat(origin.haversineMetres(new GeoPoint(1, 0))).isCloseTo(ONE_DEGREE_METRES, within(1e-6));
    }

    @Test
    void matrixAppliesDetourFactorAndSpeed() {
        // 36 km/h = 10 m/s; detour 1.5: 111,195.08 * 1.5 = 166,792.6 m -> 166,793 m; 166,792.6 / 10 = 16,679.26 s -> 16,679 s
        var travel = new StraightLineTravelTimes(36, 1.5);
        TravelMatrix m = travel.matrix(List.of(new GeoPoint(0, 0), new GeoPoint(0, 1), new GeoPoint(0, 0)));

        assertThat(m.size()).isEqualTo(3);
        assertThat(m.metres(0, 1)).isEqualTo(166_793);
        assertThat(m.seconds(0, 1)).isEqualTo(16_679);
        assertThat(m.metres(1, 0)).isEqualTo(166_793);
        assertThat(m.seconds(0, 0)).isZero();
        assertThat(m.seconds(0, 2)).isZero(); // same place, different index
        assertThat(m.reachable(0, 1)).isTrue();
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new StraightLineTravelTimes(0, 1.3)).hasMessageContaining("speed (0.0 km/h)");
        assertThatThrownBy(() -> new StraightLineTravelTimes(30, 0.9)).hasMessageContaining("detour factor (0.9)");
    }

    @Test
    void travelMatrixValidatesAndMarksUnreachable() {
        int u = TravelMatrix.UNREACHABLE;
        TravelMatrix m = TravelMatrix.of(2, new int[] {0, u, 5, 0}, new int[] {0, u, 50, 0});
        assertThat(m.reachable(0, 1)).isFalse();
        assertThat(m.seconds(0, 1)).isEqualTo(-1);
        assertThat(m.reachable(1, 0)).isTrue();
        assertThat(m.metres(1, 0)).isEqualTo(50);

        assertThatThrownBy(() -> TravelMatrix.of(2, new int[] {0, 1, 2}, new int[] {0, 1, 2, 3}))
                .hasMessageContaining("3 entries").hasMessageContaining("needs 4");
        assertThatThrownBy(() -> TravelMatrix.of(2, new int[] {0, u, 2, 0}, new int[] {0, 7, 2, 0}))
                .hasMessageContaining("from 0 to 1").hasMessageContaining("in both");
        assertThatThrownBy(() -> TravelMatrix.of(1, new int[] {-5}, new int[] {0}))
                .hasMessageContaining("seconds -5");
    }

    @Test
    void geoPointRejectsOutOfRangeLatitude() {
        assertThatThrownBy(() -> new GeoPoint(91, 14)).hasMessageContaining("latitude (91.0)");
    }
}
