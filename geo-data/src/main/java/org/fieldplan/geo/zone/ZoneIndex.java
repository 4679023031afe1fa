package org.fieldplan.geo.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fieldplan.engine.travel.GeoPoint;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Answers "which zones contain this point" quickly: an STRtree over the zones' bounding boxes picks
 * the candidates, a prepared geometry of each candidate decides. A point on a zone's boundary counts
 * as inside it. Zones may overlap, so a point may lie in several zones; results keep the order in
 * which the zones were given.
 *
 * <p>Immutable and safe to share between threads once built.
 */
public final class ZoneIndex {

    private static final GeometryFactory POINTS = new GeometryFactory(new PrecisionModel(), ZoneGeoJson.SRID);

    private final List<ServiceZone> zones;
    private final PreparedGeometry[] prepared;
    private final STRtree tree;

    public ZoneIndex(List<ServiceZone> zones) {
        this.zones = List.copyOf(zones);
        this.prepared = new PreparedGeometry[this.zones.size()];
        this.tree = new STRtree();
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = PreparedGeometryFactory.prepare(this.zones.get(i).geometry());
            tree.insert(this.zones.get(i).geometry().getEnvelopeInternal(), i);
        }
        tree.build();
    }

    /** The zones this index was built from, in the order given. */
    public List<ServiceZone> zones() {
        return zones;
    }

    /** Positions (in {@link #zones()}) of the zones containing the point, ascending. */
    public int[] zoneIndicesAt(double lat, double lon) {
        Coordinate c = new Coordinate(lon, lat);
        Point point = POINTS.createPoint(c);
        List<Integer> found = new ArrayList<>(2);
        tree.query(new Envelope(c), item -> {
            int i = (Integer) item;
            if (prepared[i].covers(point)) {
                found.add(i);
            }
        });
        int[] result = new int[found.size()];
        for (int k = 0; k < result.length; k++) {
            result[k] = found.get(k);
        }
        Arrays.sort(result);
        return result;
    }

    /** The zones containing the point (lat, lon in degrees), in the order given; empty when none. */
    public List<ServiceZone> zonesAt(double lat, double lon) {
        int[] indices = zoneIndicesAt(lat, lon);
        List<ServiceZone> result = new ArrayList<>(indices.length);
        for (int i : indices) {
            result.add(zones.get(i));
        }
        return result;
    }

    /** The zones containing the point, in the order given; empty when none. */
    public List<ServiceZone> zonesAt(GeoPoint point) {
        return zonesAt(point.lat(), point.lon());
    }

    /**
     * Zone membership of many points at once, e.g. every visit of a plan when it is assembled:
     * element {@code i} holds the positions (in {@link #zones()}) of the zones containing point {@code i}.
     */
    public int[][] zoneIndicesAt(List<GeoPoint> points) {
        int[][] result = new int[points.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = zoneIndicesAt(points.get(i).lat(), points.get(i).lon());
        }
        return result;
    }
}
