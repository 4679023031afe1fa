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
                problems.add(new FieldProblem(rename(problem.path(), field), null, problem.message()));
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

    private static String rename(String path, String field) {
        for (String prefix : List.of("features[0].geometry", "features[0]")) {
            if (path.startsWith(prefix)) {
                return field + path.substring(prefix.length());
            }
        }
        return path.equals("$") ? field : field + " (" + path + ")";
    }
}
