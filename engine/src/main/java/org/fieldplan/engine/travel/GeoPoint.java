package org.fieldplan.engine.travel;

/**
 * A point on the earth in WGS 84 degrees.
 *
 * @param lat latitude in degrees, -90..90
 * @param lon longitude in degrees, -180..180
 */
public record GeoPoint(double lat, double lon) {

    public GeoPoint {
        if (!(lat >= -90.0 && lat <= 90.0)) {
            throw new IllegalArgumentException("The latitude (" + lat
                    + ") is outside -90..90. Maybe latitude and longitude are swapped?");
        }
        if (!(lon >= -180.0 && lon <= 180.0)) {
            throw new IllegalArgumentException("The longitude (" + lon + ") is outside -180..180.");
        }
    }

    /** Great-circle distance in metres on a sphere of the earth's mean radius. */
    public double haversineMetres(GeoPoint other) {
        double phi1 = Math.toRadians(lat);
        double phi2 = Math.toRadians(other.lat);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(other.lon - lon);
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        double c = 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
        return EARTH_RADIUS_METRES * c;
    }

    /** The mean earth radius (IUGG), in metres. */
    public static final double EARTH_RADIUS_METRES = 6_371_008.8;
}
