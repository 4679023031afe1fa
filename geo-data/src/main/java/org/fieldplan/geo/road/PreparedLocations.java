package org.fieldplan.geo.road;

import java.util.List;
import org.fieldplan.engine.travel.GeoPoint;

/**
 * A fixed set of locations (e.g. every stop and home of the current routes) prepared so that the travel between one
 * more location and all of them costs two small upward searches on the contraction hierarchy instead of a new
 * matrix: the booking-window search asks this for every address a customer types. Made by
 * {@link RoadNetwork#prepare(List)}; thread-safe.
 */
public final class PreparedLocations {

    private final RoadNetwork network;
    private final ManyToMany.Prepared prepared;
    private final List<GeoPoint> points;

    PreparedLocations(RoadNetwork network, ManyToMany.Prepared prepared, List<GeoPoint> points) {
        this.network = network;
        this.prepared = prepared;
        this.points = List.copyOf(points);
    }

    /** The prepared locations, in the order given. */
    public List<GeoPoint> points() {
        return points;
    }

    public int size() {
        return prepared.size;
    }

    /**
     * Travel between {@code point} and every prepared location, in both directions, equal to what
     * {@link RoadNetwork#matrix} gives for the same pairs.
     *
     * @throws LocationsOffRoadException when the point lies farther than the snap limit from a road
     */
    public Travel travel(GeoPoint point) {
        int n = prepared.size;
        Travel t = new Travel(new int[n], new int[n], new int[n], new int[n]);
        network.extend(prepared, point, t);
        return t;
    }

    /**
     * Travel from the new location to each prepared one ({@code to*}) and from each prepared one to it
     * ({@code from*}), by prepared index; {@link TravelMatrix#UNREACHABLE} where no road leads.
     */
    public record Travel(int[] toSeconds, int[] toMetres, int[] fromSeconds, int[] fromMetres) {}
}
