package org.fieldplan.geo.zone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsSimpleOp;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Reads and writes service zones as a GeoJSON FeatureCollection (RFC 7946).
 *
 * <p>Each feature is one zone: {@code properties.id} (or the feature's own {@code id}), optional
 * {@code properties.name} and {@code properties.city}, and a {@code Polygon} or {@code MultiPolygon}
 * geometry. Reading fixes what is harmless (an unclosed ring is closed, ring orientation is made
 * counter-clockwise for shells and clockwise for holes) and rejects what is not (too few points, a
 * boundary that crosses itself, a hole outside its shell, overlapping parts of one zone), reporting
 * every bad feature at once by its path in the document. Nothing is returned when anything is wrong.
 */
public final class ZoneGeoJson {

    /** WGS 84, as GeoJSON mandates. */
    public static final int SRID = 4326;

    private static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), SRID);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ZoneGeoJson() {
    }

    /** Reads a GeoJSON file of zones. */
    public static ZoneCollection read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Reads zones from GeoJSON text.
     *
     * @param json   the document
     * @param source what to call the document in error messages (a file name, "the request body")
     * @throws ZoneFormatException with every problem found, when anything is wrong
     */
    public static ZoneCollection read(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new ZoneFormatException(source, List.of(new ZoneProblem("$",
                    "not valid JSON" + at + " (" + e.getOriginalMessage() + ")")));
        }
        var reading = new Reading();
        List<ServiceZone> zones = reading.collection(root);
        if (!reading.errors.isEmpty()) {
            throw new ZoneFormatException(source, reading.errors);
        }
        return new ZoneCollection(zones, reading.fixes);
    }

    /** Writes zones as a GeoJSON FeatureCollection, shells counter-clockwise and holes clockwise. */
    public static String write(List<ServiceZone> zones) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "FeatureCollection");
        ArrayNode features = root.putArray("features");
        for (ServiceZone zone : zones) {
            ObjectNode feature = features.addObject();
            feature.put("type", "Feature");
            ObjectNode properties = feature.putObject("properties");
            properties.put("id", zone.id());
            properties.put("name", zone.name());
            if (zone.city() != null) {
                properties.put("city", zone.city());
            }
            ObjectNode geometry = feature.putObject("geometry");
            if (zone.geometry() instanceof Polygon polygon) {
                geometry.put("type", "Polygon");
                writePolygon(geometry.putArray("coordinates"), polygon);
            } else {
                geometry.put("type", "MultiPolygon");
                ArrayNode parts = geometry.putArray("coordinates");
                for (int i = 0; i < zone.geometry().getNumGeometries(); i++) {
                    writePolygon(parts.addArray(), (Polygon) zone.geometry().getGeometryN(i));
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + zones.size() + " zones as GeoJSON", e);
        }
    }

    private static void writePolygon(ArrayNode rings, Polygon polygon) {
        writeRing(rings.addArray(), polygon.getExteriorRing().getCoordinates(), true);
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            writeRing(rings.addArray(), polygon.getInteriorRingN(h).getCoordinates(), false);
        }
    }

    private static void writeRing(ArrayNode ring, Coordinate[] coordinates, boolean shell) {
        boolean reverse = Orientation.isCCWArea(coordinates) != shell;
        for (int i = 0; i < coordinates.length; i++) {
            Coordinate c = coordinates[reverse ? coordinates.length - 1 - i : i];
            ring.addArray().add(c.x).add(c.y);
        }
    }

    /** One pass over a document, collecting every error and every fix. */
    private static final class Reading {
        final List<ZoneProblem> errors = new ArrayList<>();
        final List<ZoneProblem> fixes = new ArrayList<>();

        void error(String path, String message) {
            errors.add(new ZoneProblem(path, message));
        }

        /** An error at a place on the map (the editor marks it there). */
        void error(String path, String message, @Nullable Coordinate at) {
            errors.add(at == null ? new ZoneProblem(path, message) : new ZoneProblem(path, message, at.x, at.y));
        }

        List<ServiceZone> collection(JsonNode root) {
            if (!root.isObject()) {
                error("$", "is " + kind(root) + "; expected a GeoJSON object {\"type\": \"FeatureCollection\", \"features\": [...]}");
                return List.of();
            }
            String type = root.path("type").asText("");
            if (!"FeatureCollection".equals(type)) {
                error("type", "is " + show(root.get("type"))
                        + "; zones come as a GeoJSON FeatureCollection, one Feature per zone");
                return List.of();
            }
            JsonNode features = root.get("features");
            if (features == null || !features.isArray()) {
                error("features", "is " + kind(features) + "; expected an array of Features, one per zone");
                return List.of();
            }
            List<ServiceZone> zones = new ArrayList<>();
            Map<String, Integer> firstById = new HashMap<>();
            for (int i = 0; i < features.size(); i++) {
                ServiceZone zone = feature(features.get(i), "features[" + i + "]", i, firstById);
                if (zone != null) {
                    zones.add(zone);
                }
            }
            return zones;
        }

        @Nullable ServiceZone feature(JsonNode feature, String path, int index, Map<String, Integer> firstById) {
            if (!feature.isObject()) {
                error(path, "is " + kind(feature) + "; expected a GeoJSON Feature object");
                return null;
            }
            if (!"Feature".equals(feature.path("type").asText(""))) {
                error(path + ".type", "is " + show(feature.get("type")) + "; each zone must be a \"Feature\"");
            }
            JsonNode properties = feature.get("properties");
            if (properties != null && !properties.isNull() && !properties.isObject()) {
                error(path + ".properties", "is " + kind(properties) + "; expected an object with id, name, city");
                properties = null;
            }
            String id = null;
            JsonNode idNode = properties == null ? null : properties.get("id");
            String idPath = path + ".properties.id";
            if (idNode == null || idNode.isNull()) {
                idNode = feature.get("id");
                idPath = path + ".id";
            }
            if (idNode == null || idNode.isNull()) {
                error(path + ".properties.id", "is missing; give every zone an id, e.g. \"properties\": {\"id\": \"valletta-north\"}");
            } else if (!(idNode.isTextual() || idNode.isIntegralNumber()) || idNode.asText().isBlank()) {
                error(idPath, "is " + show(idNode) + "; a zone id is a non-blank string or an integer");
            } else {
                id = idNode.asText();
                Integer first = firstById.putIfAbsent(id, index);
                if (first != null) {
                    error(idPath, "\"" + id + "\" is already the id of features[" + first + "]; zone ids must be unique");
                }
            }
            String name = optionalText(properties, "name", path);
            String city = optionalText(properties, "city", path);
            Geometry geometry = geometry(feature.get("geometry"), path + ".geometry");
            if (id == null || geometry == null) {
                return null;
            }
            return new ServiceZone(id, name == null || name.isBlank() ? id : name, city, geometry);
        }

        @Nullable String optionalText(@Nullable JsonNode properties, String field, String path) {
            if (properties == null) {
                return null;
            }
            JsonNode node = properties.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                error(path + ".properties." + field, "is " + show(node) + "; expected a string");
                return null;
            }
            return node.asText();
        }

        @Nullable Geometry geometry(@Nullable JsonNode geometry, String path) {
            if (geometry == null || !geometry.isObject()) {
                error(path, "is " + kind(geometry) + "; a zone needs a Polygon or MultiPolygon geometry");
                return null;
            }
            String type = geometry.path("type").asText("");
            JsonNode coordinates = geometry.get("coordinates");
            String coordinatesPath = path + ".coordinates";
            switch (type) {
                case "Polygon" -> {
                    return polygon(coordinates, coordinatesPath);
                }
                case "MultiPolygon" -> {
                    if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
                        error(coordinatesPath, "is " + kind(coordinates)
                                + "; a MultiPolygon's coordinates are a non-empty array of polygons");
                        return null;
                    }
                    Polygon[] parts = new Polygon[coordinates.size()];
                    boolean allGood = true;
                    for (int k = 0; k < parts.length; k++) {
                        parts[k] = polygon(coordinates.get(k), coordinatesPath + "[" + k + "]");
                        allGood &= parts[k] != null;
                    }
                    if (!allGood) {
                        return null;
                    }
                    MultiPolygon multi = GEOMETRY.createMultiPolygon(parts);
                    TopologyValidationError invalid = new IsValidOp(multi).getValidationError();
                    if (invalid != null) {
                        error(coordinatesPath, describe(invalid, "the parts of this MultiPolygon overlap or touch along an edge"
                                + "; merge overlapping parts into one Polygon or move them apart"), invalid.getCoordinate());
                        return null;
                    }
                    return multi;
                }
                default -> {
                    error(path + ".type", "is " + show(geometry.get("type"))
                            + "; a zone's geometry must be a \"Polygon\" or a \"MultiPolygon\"");
                    return null;
                }
            }
        }

        @Nullable Polygon polygon(@Nullable JsonNode rings, String path) {
            if (rings == null || !rings.isArray() || rings.isEmpty()) {
                error(path, "is " + kind(rings) + "; a polygon is a non-empty array of rings (the outer ring, then holes)");
                return null;
            }
            LinearRing[] read = new LinearRing[rings.size()];
            boolean allGood = true;
            for (int r = 0; r < read.length; r++) {
                read[r] = ring(rings.get(r), path + "[" + r + "]", r == 0);
                allGood &= read[r] != null;
            }
            if (!allGood) {
                return null;
            }
            LinearRing[] holes = new LinearRing[read.length - 1];
            System.arraycopy(read, 1, holes, 0, holes.length);
            Polygon polygon = GEOMETRY.createPolygon(read[0], holes);
            TopologyValidationError invalid = new IsValidOp(polygon).getValidationError();
            if (invalid == null) {
                return polygon;
            }
            String where = path;
            if (invalid.getErrorType() == TopologyValidationError.SELF_INTERSECTION
                    || invalid.getErrorType() == TopologyValidationError.RING_SELF_INTERSECTION) {
                for (int r = 0; r < read.length; r++) {
                    IsSimpleOp simple = new IsSimpleOp(read[r]);
                    if (!simple.isSimple()) {
                        where = path + "[" + r + "]";
                        Coordinate at = simple.getNonSimpleLocation();
                        error(where, "the ring crosses itself at " + at(at)
                                + "; move its points so that edges meet only at their ends, or split the zone into a MultiPolygon", at);
                        return null;
                    }
                }
            }
            error(where, describe(invalid, hint(invalid.getErrorType())), invalid.getCoordinate());
            return null;
        }

        @Nullable LinearRing ring(@Nullable JsonNode positions, String path, boolean shell) {
            if (positions == null || !positions.isArray()) {
                error(path, "is " + kind(positions) + "; a ring is an array of [longitude, latitude] positions");
                return null;
            }
            List<Coordinate> coordinates = new ArrayList<>(positions.size() + 1);
            boolean allGood = true;
            for (int p = 0; p < positions.size(); p++) {
                Coordinate c = position(positions.get(p), path + "[" + p + "]");
                if (c == null) {
                    allGood = false;
                } else {
                    coordinates.add(c);
                }
            }
            if (!allGood) {
                return null;
            }
            int given = coordinates.size();
            boolean closed = given > 1 && coordinates.getFirst().equals2D(coordinates.getLast());
            if (!closed && given >= 3) {
                coordinates.add(new Coordinate(coordinates.getFirst()));
            }
            if (coordinates.size() < 4) {
                error(path, "ring has " + given + (given == 1 ? " point" : " points")
                        + "; a polygon ring needs at least 4 (closed), i.e. 3 corners and the first repeated at the end",
                        given == 0 ? null : coordinates.getFirst());
                return null;
            }
            if (!closed) {
                fixes.add(new ZoneProblem(path, "ring was not closed; closed it by repeating the first point "
                        + at(coordinates.getFirst())));
            }
            Coordinate[] array = coordinates.toArray(Coordinate[]::new);
            if (allInARow(array)) {
                error(path, "ring encloses no area: its " + given + " points lie on one line; a zone needs at least 3 corners"
                        + " that are not in a row", coordinates.getFirst());
                return null;
            }
            boolean ccw = Orientation.isCCWArea(array);
            if (ccw != shell) {
                reverse(array);
                fixes.add(new ZoneProblem(path, (shell ? "outer ring was clockwise; reversed to counter-clockwise"
                        : "hole was counter-clockwise; reversed to clockwise") + " (RFC 7946)"));
            }
            return GEOMETRY.createLinearRing(array);
        }

        @Nullable Coordinate position(@Nullable JsonNode position, String path) {
            if (position == null || !position.isArray() || position.size() < 2
                    || !position.get(0).isNumber() || !position.get(1).isNumber()) {
                error(path, "is " + show(position) + "; a position is [longitude, latitude] in degrees");
                return null;
            }
            double lon = position.get(0).asDouble();
            double lat = position.get(1).asDouble();
            if (!Double.isFinite(lon) || !Double.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
                String hint = Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lon) <= 90
                        ? "; it looks like [latitude, longitude]: GeoJSON wants longitude first"
                        : "; longitude must lie in [-180, 180] and latitude in [-90, 90]";
                error(path, "is " + show(position) + hint);
                return null;
            }
            return new Coordinate(lon, lat);
        }
    }

    private static String describe(TopologyValidationError invalid, String hint) {
        return invalid.getMessage().toLowerCase(Locale.ROOT) + " at " + at(invalid.getCoordinate()) + "; " + hint;
    }

    private static String hint(int errorType) {
        return switch (errorType) {
            case TopologyValidationError.SELF_INTERSECTION, TopologyValidationError.RING_SELF_INTERSECTION ->
                    "rings may touch only at single points; move the points so that the boundaries do not cross";
            case TopologyValidationError.HOLE_OUTSIDE_SHELL -> "a hole must lie inside the polygon's first (outer) ring";
            case TopologyValidationError.NESTED_HOLES -> "a hole lies inside another hole; remove one of them";
            case TopologyValidationError.DISCONNECTED_INTERIOR ->
                    "the holes cut the zone into pieces; make it a MultiPolygon of the pieces instead";
            case TopologyValidationError.TOO_FEW_POINTS -> "a ring needs at least 3 distinct corners";
            case TopologyValidationError.INVALID_COORDINATE -> "every coordinate must be a finite number";
            case TopologyValidationError.RING_NOT_CLOSED -> "repeat the first point at the end of the ring";
            case TopologyValidationError.DUPLICATE_RINGS -> "the same ring appears twice; remove one";
            default -> "fix the polygon's rings";
        };
    }

    private static String at(@Nullable Coordinate c) {
        if (c == null) {
            return "an unknown place";
        }
        return "(lon " + degrees(c.x) + ", lat " + degrees(c.y) + ")";
    }

    /** Degrees to 7 decimals (about 1 cm), without trailing zeros. */
    static String degrees(double value) {
        return java.math.BigDecimal.valueOf(value).setScale(7, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    /** True when every point lies on the line through the first two distinct points (a ring without area). */
    private static boolean allInARow(Coordinate[] ring) {
        Coordinate a = ring[0];
        Coordinate b = null;
        for (Coordinate c : ring) {
            if (!c.equals2D(a)) {
                b = c;
                break;
            }
        }
        if (b == null) {
            return true;
        }
        for (Coordinate c : ring) {
            if (Orientation.index(a, b, c) != Orientation.COLLINEAR) {
                return false;
            }
        }
        return true;
    }

    private static void reverse(Coordinate[] array) {
        for (int i = 0, j = array.length - 1; i < j; i++, j--) {
            Coordinate t = array[i];
            array[i] = array[j];
            array[j] = t;
        }
    }

    private static String kind(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> node.isEmpty() ? "an empty array" : "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + node;
            case NUMBER -> "the number " + node;
            case BOOLEAN -> "the boolean " + node;
            case NULL -> "null";
            default -> node.toString();
        };
    }

    private static String show(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
