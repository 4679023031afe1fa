package org.fieldplan.geo.road;

/**
 * A location that could not be placed on the road network.
 *
 * @param index          its position in the list handed over
 * @param lat            its latitude
 * @param lon            its longitude
 * @param distanceMetres distance to the nearest usable road (far away: to the nearest road junction or
 *                       end), or {@code -1} when the extract has no usable road at all
 */
public record OffRoadLocation(int index, double lat, double lon, double distanceMetres) {

    public boolean noRoadFound() {
        return distanceMetres < 0;
    }

    @Override
    public String toString() {
        String where = "location " + index + " (lat " + lat + ", lon " + lon + ")";
        if (noRoadFound()) {
            return where + ": the map has no road this profile may use";
        }
        return where + ": the nearest road is " + Math.round(distanceMetres) + " m away"
                + (distanceMetres > 20_000 ? " (is it inside the extract's area? latitude and longitude swapped?)" : "");
    }
}
