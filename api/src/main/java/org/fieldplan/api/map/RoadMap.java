package org.fieldplan.api.map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.StraightLineTravelTimes;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.geo.road.OffRoadLocation;
import org.fieldplan.geo.road.RoadNetwork;
import org.fieldplan.geo.road.RoadNetworkSettings;
import org.fieldplan.geo.road.RouteGeometry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The service's one road network: GraphHopper on the configured extract, opened on first use (a cold import of
 * Malta takes about ten seconds, a cached graph well under one) and closed with the application. Without an extract
 * (empty {@code fieldplan.map.extract}, or the file missing) travel is estimated along straight lines and route
 * geometry is drawn stop to stop; {@link #roads()} says which. Thread-safe.
 */
@Component
public class RoadMap implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RoadMap.class);

    private final @Nullable Path extract;
    private final MapProperties properties;
    private final StraightLineTravelTimes straightLines;
    private volatile @Nullable RoadNetwork network;

    public RoadMap(FieldPlanProperties fieldPlan, MapProperties properties) {
        this.properties = properties;
        this.straightLines = new StraightLineTravelTimes(properties.straightLineKmh(), properties.detourFactor());
        Path configured = properties.extract().isBlank() ? null : fieldPlan.dataPath().resolve(properties.extract());
        if (configured != null && !Files.isRegularFile(configured)) {
            LOG.warn("The map extract {} does not exist (fieldplan.data-dir + fieldplan.map.extract); travel times are "
                    + "straight-line estimates until it is there.", configured.toAbsolutePath().normalize());
            configured = null;
        }
        this.extract = configured;
    }

    /** The OSM extract the road network is built from (the address index reads it too); null when there is none. */
    public @Nullable Path extract() {
        return extract;
    }

    /** True when travel follows real roads, false when it is the straight-line estimate. */
    public boolean roads() {
        return extract != null;
    }

    /** Where imported graphs (and the base map's tiles, keyed the same way) are kept. */
    public Path cacheRoot() {
        return properties.graphCache().isBlank() ? RoadNetworkSettings.defaultCacheRoot() : Path.of(properties.graphCache());
    }

    /** True once the road network is open (false while it loads, and always without an extract). */
    public boolean loaded() {
        return network != null;
    }

    /** The road network; opens (imports on first run) it when needed. */
    public RoadNetwork network() {
        RoadNetwork open = network;
        if (open != null) {
            return open;
        }
        if (extract == null) {
            throw new IllegalStateException("No map extract is configured (fieldplan.map.extract), so there is no road "
                    + "network; set it to an .osm.pbf under fieldplan.data-dir.");
        }
        synchronized (this) {
            if (network == null) {
                RoadNetworkSettings settings = RoadNetworkSettings.of(extract)
                        .withSnapLimitMetres(properties.snapLimitMetres());
                if (!properties.graphCache().isBlank()) {
                    settings = settings.withCacheRoot(Path.of(properties.graphCache()));
                }
                network = RoadNetwork.open(settings, line -> LOG.info("road network: {}", line));
            }
            return network;
        }
    }

    /**
     * Travel seconds and metres between every pair of {@code points} (row = from, column = to).
     *
     * @throws org.fieldplan.geo.road.LocationsOffRoadException naming every point farther than the snap limit from a road
     */
    public TravelMatrix matrix(List<GeoPoint> points) {
        if (!roads()) {
            return straightLines.matrix(points);
        }
        return network().matrix(points);
    }

    /**
     * The points farther than the snap limit from any road (index into {@code points}, distance); none without a
     * road network.
     */
    public List<OffRoadLocation> offRoad(List<GeoPoint> points) {
        return roads() ? network().offRoad(points) : List.of();
    }

    /** The road polyline through {@code stops} in order (straight segments without a road network, or when a stop lies off it). */
    public RouteGeometry routeGeometry(List<GeoPoint> stops) {
        if (roads()) {
            try {
                return network().routeGeometry(stops);
            } catch (org.fieldplan.geo.road.LocationsOffRoadException e) {
                // a place off the extract (a home abroad, a typo in a pin) must not make a route sheet fail:
                // the legs are drawn straight, as without a road network, and the sheet still lists every stop
                org.slf4j.LoggerFactory.getLogger(RoadMap.class).info("route drawn with straight legs: {}", e.getMessage());
            }
        }
        TravelMatrix m = straightLines.matrix(stops);
        double[] lats = new double[stops.size()];
        double[] lons = new double[stops.size()];
        List<RouteGeometry.Leg> legs = new ArrayList<>();
        for (int i = 0; i < stops.size(); i++) {
            lats[i] = stops.get(i).lat();
            lons[i] = stops.get(i).lon();
            if (i > 0) {
                legs.add(new RouteGeometry.Leg(i - 1, i, m.seconds(i - 1, i), m.metres(i - 1, i), i - 1, i));
            }
        }
        return new RouteGeometry(stops, legs, lats, lons);
    }

    @Override
    public void destroy() {
        RoadNetwork open = network;
        if (open != null) {
            open.close();
        }
    }
}
