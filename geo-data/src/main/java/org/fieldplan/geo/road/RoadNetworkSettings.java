package org.fieldplan.geo.road;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a road network.
 *
 * @param extract         the OpenStreetMap extract (.osm.pbf) of the deployment's area
 * @param cacheRoot       where imported graphs are kept, one directory per GraphHopper version,
 *                        extract checksum and profile; survives rebuilds (not under target/)
 * @param profile         the routing profile; only {@code car} is defined
 * @param snapLimitMetres how far a location may lie from the nearest road before it is rejected
 */
public record RoadNetworkSettings(Path extract, Path cacheRoot, String profile, double snapLimitMetres) {

    /** The profile FieldPlan routes with. */
    public static final String CAR = "car";

    /** A location farther than this from any road is reported, not silently moved. */
    public static final double DEFAULT_SNAP_LIMIT_METRES = 300;

    public RoadNetworkSettings {
        Objects.requireNonNull(extract, "extract");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(profile, "profile");
        if (!CAR.equals(profile)) {
            throw new IllegalArgumentException("The routing profile (" + profile + ") is unknown; use \"" + CAR + "\".");
        }
        if (!(snapLimitMetres > 0) || Double.isInfinite(snapLimitMetres)) {
            throw new IllegalArgumentException("The snap limit (" + snapLimitMetres
                    + " m) must be a positive number of metres, e.g. " + DEFAULT_SNAP_LIMIT_METRES + ".");
        }
    }

    /** The car profile, the default snap limit and the default cache root. */
    public static RoadNetworkSettings of(Path extract) {
        return new RoadNetworkSettings(extract, defaultCacheRoot(), CAR, DEFAULT_SNAP_LIMIT_METRES);
    }

    public RoadNetworkSettings withCacheRoot(Path root) {
        return new RoadNetworkSettings(extract, root, profile, snapLimitMetres);
    }

    public RoadNetworkSettings withSnapLimitMetres(double metres) {
        return new RoadNetworkSettings(extract, cacheRoot, profile, metres);
    }

    /**
     * The system property {@code fieldplan.graph.cache}, else the environment variable
     * {@code FIELDPLAN_GRAPH_CACHE}, else {@code ~/.cache/fieldplan/graphs}.
     */
    public static Path defaultCacheRoot() {
        String configured = System.getProperty("fieldplan.graph.cache");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("FIELDPLAN_GRAPH_CACHE");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "fieldplan", "graphs");
    }
}
