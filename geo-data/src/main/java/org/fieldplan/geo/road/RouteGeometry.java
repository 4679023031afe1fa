package org.fieldplan.geo.road;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.fieldplan.engine.travel.GeoPoint;

/**
 * The road polyline of an ordered route and the time and distance of each leg, for route sheets and
 * maps. Leg {@code i} runs from stop {@code i} to stop {@code i + 1} and covers the polyline's points
 * {@code firstPoint..lastPoint}; consecutive legs share their joining point.
 *
 * @param stops  the route's stops in order
 * @param legs   one per pair of consecutive stops
 * @param lats   the whole polyline's latitudes
 * @param lons   the whole polyline's longitudes
 */
public record RouteGeometry(List<GeoPoint> stops, List<Leg> legs, double[] lats, double[] lons) {

    /**
     * @param from       index of the stop the leg starts at
     * @param to         index of the stop it ends at
     * @param seconds    driving time, whole seconds
     * @param metres     driving distance, whole metres
     * @param firstPoint the leg's first point in the polyline
     * @param lastPoint  the leg's last point in the polyline
     */
    public record Leg(int from, int to, int seconds, int metres, int firstPoint, int lastPoint) {
    }

    public RouteGeometry {
        stops = List.copyOf(stops);
        legs = List.copyOf(legs);
    }

    static RouteGeometry of(List<GeoPoint> stops, List<PointToPointRoute> routes) {
        List<Leg> legs = new ArrayList<>(routes.size());
        double[] lats = new double[16];
        double[] lons = new double[16];
        int size = 0;
        for (int i = 0; i < routes.size(); i++) {
            PointToPointRoute route = routes.get(i);
            int first = Math.max(0, size - 1);
            for (int k = 0; k < route.lats().length; k++) {
                boolean joint = size > 0 && lats[size - 1] == route.lats()[k] && lons[size - 1] == route.lons()[k];
                if (joint) {
                    continue;
                }
                if (size == lats.length) {
                    lats = java.util.Arrays.copyOf(lats, size * 2);
                    lons = java.util.Arrays.copyOf(lons, size * 2);
                }
                lats[size] = route.lats()[k];
                lons[size] = route.lons()[k];
                size++;
            }
            legs.add(new Leg(i, i + 1, route.seconds(), route.roundedMetres(), first, Math.max(first, size - 1)));
        }
        return new RouteGeometry(stops, legs, java.util.Arrays.copyOf(lats, size), java.util.Arrays.copyOf(lons, size));
    }

    /** Total driving seconds, the sum of the legs'. */
    public int seconds() {
        return legs.stream().mapToInt(Leg::seconds).sum();
    }

    /** Total driving metres, the sum of the legs'. */
    public int metres() {
        return legs.stream().mapToInt(Leg::metres).sum();
    }

    /**
     * A GeoJSON Feature: the polyline as a LineString ([longitude, latitude]) and, in its properties,
     * the totals and every leg with its stops, time, distance and range of points.
     */
    public String toGeoJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode feature = json.createObjectNode();
        feature.put("type", "Feature");
        ObjectNode geometry = feature.putObject("geometry");
        geometry.put("type", "LineString");
        ArrayNode coordinates = geometry.putArray("coordinates");
        for (int i = 0; i < lats.length; i++) {
            coordinates.addArray().add(lons[i]).add(lats[i]);
        }
        ObjectNode properties = feature.putObject("properties");
        properties.put("seconds", seconds());
        properties.put("metres", metres());
        ArrayNode legArray = properties.putArray("legs");
        for (Leg leg : legs) {
            legArray.addObject()
                    .put("from", leg.from()).put("to", leg.to())
                    .put("seconds", leg.seconds()).put("metres", leg.metres())
                    .put("firstPoint", leg.firstPoint()).put("lastPoint", leg.lastPoint());
        }
        try {
            return json.writeValueAsString(feature);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the route of " + stops.size() + " stops as GeoJSON", e);
        }
    }
}
