package org.fieldplan.geo.road;

import java.util.List;
import java.util.Objects;

import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.engine.travel.TravelTimes;

/**
 * Travel times on the road network: the engine's {@link TravelTimes} port answered by a
 * many-to-many search on the contraction hierarchy of an opened {@link RoadNetwork}.
 *
 * <p>Does not own the network; whoever opened it closes it.
 */
public final class RoadTravelTimes implements TravelTimes {

    private final RoadNetwork network;

    public RoadTravelTimes(RoadNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    /**
     * @throws LocationsOffRoadException naming every point farther than the snap limit from a road
     */
    @Override
    public TravelMatrix matrix(List<GeoPoint> points) {
        return network.matrix(points);
    }

    @Override
    public String toString() {
        return "road travel times (" + network.settings().profile() + ", " + network.settings().extract().getFileName() + ")";
    }
}
