package org.fieldplan.geo.road;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Some locations lie too far from any road to be routed to; all of them are listed, not only the first.
 */
public final class LocationsOffRoadException extends IllegalArgumentException {

    private final transient List<OffRoadLocation> locations;

    public LocationsOffRoadException(List<OffRoadLocation> locations, double snapLimitMetres, String extract) {
        super(describe(locations, snapLimitMetres, extract));
        this.locations = List.copyOf(locations);
    }

    /** Every location that could not be placed, by index. */
    public List<OffRoadLocation> locations() {
        return locations;
    }

    private static String describe(List<OffRoadLocation> locations, double snapLimitMetres, String extract) {
        return locations.size() + (locations.size() == 1 ? " location lies" : " locations lie")
                + " farther than the snap limit (" + Math.round(snapLimitMetres) + " m) from any road of " + extract
                + "; check the coordinates (latitude first?) or raise the snap limit:\n"
                + locations.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }
}
