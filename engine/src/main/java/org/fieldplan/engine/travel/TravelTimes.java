package org.fieldplan.engine.travel;

import java.util.List;

/**
 * The port through which the engine gets travel times: the straight-line implementation lives
 * here ({@link StraightLineTravelTimes}), the road-network one in geo-data.
 */
public interface TravelTimes {

    /**
     * The matrix between all given points; row/column {@code i} is {@code points.get(i)}.
     * Pairs with no route hold {@link TravelMatrix#UNREACHABLE}.
     */
    TravelMatrix matrix(List<GeoPoint> points);
}
