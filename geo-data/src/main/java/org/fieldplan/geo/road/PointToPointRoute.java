package org.fieldplan.geo.road;

/**
 * One route computed by GraphHopper between two points.
 *
 * @param millis time in milliseconds, as GraphHopper sums it
 * @param metres distance in metres
 * @param lats   the polyline's latitudes (empty when the polyline was not asked for)
 * @param lons   the polyline's longitudes
 */
public record PointToPointRoute(long millis, double metres, double[] lats, double[] lons) {

    /** Whole seconds, rounded the way the matrix rounds. */
    public int seconds() {
        return ManyToMany.toSeconds(millis);
    }

    /** Whole metres, rounded. */
    public int roundedMetres() {
        return (int) Math.round(metres);
    }
}
