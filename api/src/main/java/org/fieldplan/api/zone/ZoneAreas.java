package org.fieldplan.api.zone;

import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.geo.zone.ServiceZone;
import org.fieldplan.geo.zone.ZoneCollection;
import org.fieldplan.geo.zone.ZoneFormatException;
import org.fieldplan.geo.zone.ZoneGeoJson;
import org.fieldplan.geo.zone.ZoneProblem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GeoJSON geometry of a zone in and out, through geo-data's {@link ZoneGeoJson} so the API validates and fixes
 * boundaries exactly as a zone file is checked. Its paths ({@code features[0].geometry.coordinates[0]}) are
 * translated to the caller's field names ({@code area.coordinates[0]}).
 */
final class ZoneAreas {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ZoneAreas() {}

    /** A read area: stored as a MultiPolygon, with the fixes made. */
    record Area(MultiPolygon geometry, List<String> fixes) {}

    /** Reads one geometry; bad parts are added to {@code problems} under {@code field}. */
    static Area read(JsonNode area, String field, List<FieldProblem> problems) {
        List<ZoneCheck.Problem> placed = new ArrayList<>();
        Area read = check(area, field, placed);
        placed.forEach(p -> problems.add(new FieldProblem(p.field(), null, p.reason())));
        return read;
    }

    /**
     * Reads one geometry as {@link #read} does, each problem with the place it is about: the coordinates geo-data
     * names (where a ring crosses itself...), else the first point of the ring or position its path names.
     */
    static Area check(JsonNode area, String field, List<ZoneCheck.Problem> problems) {
        ObjectNode document = JSON.createObjectNode();
        document.put("type", "FeatureCollection");
        ObjectNode feature = document.putArray("features").addObject();
        feature.put("type", "Feature");
        feature.putObject("properties").put("id", "zone");
        feature.set("geometry", area);
        try {
            ZoneCollection read = ZoneGeoJson.read(JSON.writeValueAsString(document), "the request body");
            List<String> fixes = new ArrayList<>();
            for (ZoneProblem fix : read.fixes()) {
                fixes.add(rename(fix.path(), field) + ": " + fix.message());
            }
            return new Area(multi(read.zones().getFirst().geometry()), fixes);
        } catch (ZoneFormatException e) {
            for (ZoneProblem problem : e.problems()) {
                Double lon = problem.lon();
                Double lat = problem.lat();
                if (lon == null || lat == null) {
                    JsonNode position = firstPosition(area, problem.path());
                    if (position != null) {
                        lon = position.get(0).asDouble();
                        lat = position.get(1).asDouble();
                    }
                }
                problems.add(new ZoneCheck.Problem(rename(problem.path(), field), problem.message(), lon, lat));
            }
            return new Area(Geo.FACTORY.createMultiPolygon(), List.of());
        }
    }

    /** The stored area as a GeoJSON geometry (shells counter-clockwise), written by geo-data's writer. */
    static JsonNode write(Geometry area) {
        String collection = ZoneGeoJson.write(List.of(new ServiceZone("zone", "zone", null, area)));
        return JSON.readTree(collection).path("features").path(0).path("geometry");
    }

    static MultiPolygon multi(Geometry geometry) {
        MultiPolygon multi = geometry instanceof MultiPolygon m ? m
                : Geo.FACTORY.createMultiPolygon(new Polygon[] {(Polygon) geometry});
        multi.setSRID(Geo.SRID);
        return multi;
    }

    /** The first [lon, lat] at or under the place a geo-data path ({@code features[0].geometry.coordinates[1][0]}) names. */
    static @org.jspecify.annotations.Nullable JsonNode firstPosition(JsonNode area, String path) {
        String prefix = "features[0].geometry.coordinates";
        if (!path.startsWith(prefix)) {
            return null;
        }
        JsonNode node = area.path("coordinates");
        java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)\\]").matcher(path.substring(prefix.length()));
        while (index.find()) {
            node = node.path(Integer.parseInt(index.group(1)));
        }
        for (int depth = 0; depth < 4 && node.isArray() && !node.isEmpty(); depth++) {
            if (node.size() >= 2 && node.get(0).isNumber() && node.get(1).isNumber()) {
                double lon = node.get(0).asDouble();
                double lat = node.get(1).asDouble();
                return Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? node : null;
            }
            node = node.get(0);
        }
        return null;
    }

    private static String rename(String path, String field) {
        for (String prefix : List.of("features[0].geometry", "features[0]")) {
            if (path.startsWith(prefix)) {
                return field + path.substring(prefix.length());
            }
        }
        return path.equals("$") ? field : field + " (" + path + ")";
    }
}
