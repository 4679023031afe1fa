package org.fieldplan.tiles;

import com.onthegomap.planetiler.FeatureCollector;
import com.onthegomap.planetiler.Profile;
import com.onthegomap.planetiler.reader.SimpleFeature;
import com.onthegomap.planetiler.reader.SourceFeature;
import com.onthegomap.planetiler.geo.GeometryException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.polygonize.Polygonizer;

/**
 * Our tile schema, from OpenStreetMap alone (no Natural Earth, no water polygons, nothing downloaded):
 *
 * <ul>
 *   <li>{@code land}: polygons closed by {@code natural=coastline} ways (islands wholly inside the extract), so the
 *       style paints the sea as background and the land over it;</li>
 *   <li>{@code water}: the sea around that land ({@code class=sea}: the land's box widened by half a degree, less
 *       the land), lakes, reservoirs, basins, riverbanks (polygons) and {@code waterway} lines;</li>
 *   <li>{@code landuse}: {@code class} residential, industrial, commercial, retail, farmland, grass, park, wood,
 *       cemetery, beach, ... ;</li>
 *   <li>{@code buildings} from zoom 13;</li>
 *   <li>{@code roads}: lines with {@code class} (motorway, trunk, primary, secondary, tertiary, minor, service, path),
 *       {@code name}, {@code ref}, {@code oneway}; the bigger the road the lower its first zoom;</li>
 *   <li>{@code places}: points with {@code class} (city, town, village, suburb, hamlet, ...) and {@code name};</li>
 *   <li>{@code housenumbers}: points with {@code housenumber} from zoom 14 (nodes and building centroids).</li>
 * </ul>
 *
 * Change {@link #VERSION} with any change here (and geo-data's {@code BaseMap.PROFILE_VERSION}): it is part of the
 * cache key, so every deployment rebuilds its tiles.
 */
public final class BaseMapProfile implements Profile {

    /** Part of the tile cache key; bump on any change to the schema or the zoom rules. */
    public static final String VERSION = "2";

    private static final Map<String, String> ROAD_CLASSES = Map.ofEntries(
            Map.entry("motorway", "motorway"), Map.entry("motorway_link", "motorway"),
            Map.entry("trunk", "trunk"), Map.entry("trunk_link", "trunk"),
            Map.entry("primary", "primary"), Map.entry("primary_link", "primary"),
            Map.entry("secondary", "secondary"), Map.entry("secondary_link", "secondary"),
            Map.entry("tertiary", "tertiary"), Map.entry("tertiary_link", "tertiary"),
            Map.entry("residential", "minor"), Map.entry("unclassified", "minor"), Map.entry("living_street", "minor"),
            Map.entry("road", "minor"),
            Map.entry("service", "service"),
            Map.entry("pedestrian", "path"), Map.entry("footway", "path"), Map.entry("path", "path"),
            Map.entry("steps", "path"), Map.entry("cycleway", "path"), Map.entry("track", "path"),
            Map.entry("bridleway", "path"));

    private static final Map<String, Integer> ROAD_MIN_ZOOM = Map.of(
            "motorway", 5, "trunk", 6, "primary", 8, "secondary", 9, "tertiary", 11, "minor", 12, "service", 13,
            "path", 14);

    private static final Map<String, Integer> PLACE_MIN_ZOOM = Map.of(
            "city", 6, "town", 8, "village", 10, "suburb", 11, "hamlet", 12, "neighbourhood", 13, "quarter", 12,
            "locality", 14, "isolated_dwelling", 14);

    private static final Set<String> LANDUSE = Set.of("residential", "industrial", "commercial", "retail", "farmland",
            "farmyard", "meadow", "grass", "forest", "cemetery", "orchard", "vineyard", "allotments", "military",
            "quarry", "construction", "railway", "brownfield", "greenfield", "recreation_ground", "village_green");
    private static final Set<String> LEISURE = Set.of("park", "garden", "pitch", "playground", "golf_course",
            "stadium", "sports_centre");
    private static final Set<String> NATURAL = Set.of("wood", "scrub", "heath", "grassland", "beach", "sand",
            "bare_rock", "wetland");

    private final Collection<Geometry> coastline = new ConcurrentLinkedQueue<>();

    @Override
    public void processFeature(SourceFeature feature, FeatureCollector features) {
        if (feature.canBeLine() && feature.hasTag("natural", "coastline")) {
            try {
                coastline.add(feature.latLonGeometry());
            } catch (GeometryException e) {
                // a way with missing nodes at the extract's edge: no land polygon closes through it
            }
            return;
        }
        if (isRoadLine(feature)) {
            road(feature, features);
        }
        if (feature.canBePolygon()) {
            area(feature, features);
        } else if (feature.canBeLine() && feature.hasTag("waterway", "river", "stream", "canal", "drain", "ditch")) {
            features.line("water").setAttr("class", feature.getString("waterway")).setMinZoom(11)
                    .setAttr("name", feature.getString("name"));
        }
        if (feature.isPoint()) {
            point(feature, features);
        }
    }

    private static boolean isRoadLine(SourceFeature feature) {
        // closed highway ways (roundabouts, loops) are lines unless tagged area=yes
        return feature.canBeLine() && feature.hasTag("highway") && !feature.hasTag("area", "yes");
    }

    private static void road(SourceFeature feature, FeatureCollector features) {
        String roadClass = ROAD_CLASSES.get(feature.getString("highway", ""));
        if (roadClass == null) {
            return;
        }
        features.line("roads")
                .setAttr("class", roadClass)
                .setAttr("name", feature.getString("name"))
                .setAttr("ref", feature.getString("ref"))
                .setAttr("oneway", feature.hasTag("oneway", "yes", "1", "-1") ? 1 : null)
                .setAttr("bridge", feature.hasTag("bridge") && !feature.hasTag("bridge", "no") ? 1 : null)
                .setAttr("tunnel", feature.hasTag("tunnel") && !feature.hasTag("tunnel", "no") ? 1 : null)
                .setMinZoom(ROAD_MIN_ZOOM.get(roadClass))
                .setSortKey(ROAD_MIN_ZOOM.size() - ROAD_MIN_ZOOM.get(roadClass))
                .setMinPixelSize(0);
    }

    private static void area(SourceFeature feature, FeatureCollector features) {
        if (feature.hasTag("natural", "water") || feature.hasTag("waterway", "riverbank", "dock")
                || feature.hasTag("landuse", "reservoir", "basin") || feature.hasTag("leisure", "swimming_pool")) {
            features.polygon("water").setAttr("class", "water").setMinZoom(8).setMinPixelSize(2)
                    .setAttr("name", feature.getString("name"));
            return;
        }
        if (feature.hasTag("building") && !feature.hasTag("building", "no")) {
            features.polygon("buildings").setMinZoom(13).setMinPixelSize(2);
            String number = feature.getString("addr:housenumber");
            if (number != null) {
                features.pointOnSurface("housenumbers").setAttr("housenumber", number).setMinZoom(14);
            }
            return;
        }
        String landuse = landuseClass(feature);
        if (landuse != null) {
            features.polygon("landuse").setAttr("class", landuse).setMinZoom(9).setMinPixelSize(2);
        }
    }

    private static @Nullable String landuseClass(SourceFeature feature) {
        String value = feature.getString("landuse");
        if (value != null && LANDUSE.contains(value)) {
            return value;
        }
        value = feature.getString("leisure");
        if (value != null && LEISURE.contains(value)) {
            return value.equals("garden") ? "park" : value;
        }
        value = feature.getString("natural");
        if (value != null && NATURAL.contains(value)) {
            return value;
        }
        return feature.hasTag("amenity", "parking") ? "parking" : null;
    }

    private static void point(SourceFeature feature, FeatureCollector features) {
        String place = feature.getString("place");
        String name = feature.getString("name");
        if (place != null && name != null && PLACE_MIN_ZOOM.containsKey(place)) {
            features.point("places").setAttr("class", place).setAttr("name", name)
                    .setMinZoom(PLACE_MIN_ZOOM.get(place))
                    .setSortKey(PLACE_MIN_ZOOM.get(place));
        }
        String number = feature.getString("addr:housenumber");
        if (number != null) {
            features.point("housenumbers").setAttr("housenumber", number).setMinZoom(14);
        }
    }

    /** After the extract is read: the coastline ways are merged and polygonized into the {@code land} layer. */
    @Override
    public void finish(String sourceName, FeatureCollector.Factory featureCollectors,
            Consumer<FeatureCollector.Feature> next) {
        List<Polygon> land = landPolygons(coastline);
        coastline.clear();
        long id = 1;
        for (Polygon polygon : land) {
            SourceFeature source = SimpleFeature.create(polygon, Map.of("natural", "land"), sourceName, "land", id++);
            FeatureCollector collector = featureCollectors.get(source);
            collector.polygon("land").setMinZoom(0).setMinPixelSize(1);
            for (FeatureCollector.Feature feature : collector) {
                next.accept(feature);
            }
        }
        if (!land.isEmpty()) {
            Geometry union = org.locationtech.jts.operation.union.UnaryUnionOp.union(new ArrayList<Geometry>(land));
            org.locationtech.jts.geom.Envelope box = union.getEnvelopeInternal();
            box.expandBy(0.5);
            Geometry sea = union.getFactory().toGeometry(box).difference(union);
            SourceFeature source = SimpleFeature.create(sea, Map.of("natural", "sea"), sourceName, "sea", id);
            FeatureCollector collector = featureCollectors.get(source);
            collector.polygon("water").setAttr("class", "sea").setMinZoom(0).setMinPixelSize(0);
            for (FeatureCollector.Feature feature : collector) {
                next.accept(feature);
            }
        }
    }

    /** The closed rings the coastline ways form (an island cut by the extract's edge has none). */
    static List<Polygon> landPolygons(Collection<Geometry> coastlineWays) {
        LineMerger merger = new LineMerger();
        coastlineWays.forEach(merger::add);
        Polygonizer polygonizer = new Polygonizer(true);
        for (Object merged : merger.getMergedLineStrings()) {
            LineString line = (LineString) merged;
            if (line.isClosed() && line.getNumPoints() >= 4) {
                polygonizer.add(line);
            }
        }
        List<Polygon> polygons = new ArrayList<>();
        for (Object polygon : polygonizer.getPolygons()) {
            polygons.add((Polygon) polygon);
        }
        return polygons;
    }

    @Override
    public String name() {
        return "FieldPlan base map";
    }

    @Override
    public String description() {
        return "Roads, buildings, water, land use, places and house numbers from the deployment's OpenStreetMap extract";
    }

    @Override
    public String attribution() {
        return "<a href=\"https://www.openstreetmap.org/copyright\" target=\"_blank\">&copy; OpenStreetMap contributors</a>";
    }

    @Override
    public String version() {
        return VERSION;
    }
}
