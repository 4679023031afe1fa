package org.fieldplan.api.planning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.StraightLineTravelTimes;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;

/** A big job's parts get their matrices cut out of the loaded one, and a place it does not hold is routed. */
class LoadedTravelTimesTest {

    static final GeoPoint A = new GeoPoint(35.90, 14.50);
    static final GeoPoint B = new GeoPoint(35.91, 14.42);
    static final GeoPoint C = new GeoPoint(35.85, 14.53);
    static final GeoPoint D = new GeoPoint(36.04, 14.24);

    /** Four places with distinct seconds and metres for every ordered pair (row i, column j: 100 i + j and 1000 i + j). */
    static TravelMatrix loaded() {
        int[] seconds = new int[16];
        int[] metres = new int[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                seconds[i * 4 + j] = i == j ? 0 : 100 * (i + 1) + j;
                metres[i * 4 + j] = i == j ? 0 : 1000 * (i + 1) + j;
            }
        }
        return TravelMatrix.of(4, seconds, metres);
    }

    static List<Location> places() {
        return List.of(new Location(0, A.lat(), A.lon()), new Location(1, B.lat(), B.lon()),
                new Location(2, C.lat(), C.lon()), new Location(3, D.lat(), D.lon()));
    }

    @Test
    void aSubsetInAnyOrderReadsTheLoadedMatrix() {
        TravelMatrix whole = loaded();
        LoadedTravelTimes port = new LoadedTravelTimes(whole, places(), new StraightLineTravelTimes(30, 1.3));
        TravelMatrix part = port.matrix(List.of(D, A, C));
        int[] global = {3, 0, 2};
        assertThat(part.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(part.seconds(i, j)).as("seconds %d -> %d", i, j).isEqualTo(whole.seconds(global[i], global[j]));
                assertThat(part.metres(i, j)).as("metres %d -> %d", i, j).isEqualTo(whole.metres(global[i], global[j]));
            }
        }
    }

    @Test
    void aPlaceTheLoadedPlanDoesNotHoldIsRouted() {
        GeoPoint elsewhere = new GeoPoint(35.95, 14.40);
        StraightLineTravelTimes straight = new StraightLineTravelTimes(30, 1.3);
        LoadedTravelTimes port = new LoadedTravelTimes(loaded(), places(), straight);
        List<GeoPoint> points = List.of(A, elsewhere);
        TravelMatrix part = port.matrix(points);
        TravelMatrix routed = straight.matrix(points);
        assertThat(part.seconds(0, 1)).isEqualTo(routed.seconds(0, 1)).isNotEqualTo(loaded().seconds(0, 1));
        assertThat(part.seconds(1, 0)).isEqualTo(routed.seconds(1, 0));
    }
}
