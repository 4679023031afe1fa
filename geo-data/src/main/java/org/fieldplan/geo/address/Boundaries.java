package org.fieldplan.geo.address;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongObjectHashMap;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderRelation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The administrative boundaries of one {@code admin_level} in an extract, assembled into areas with JTS, and the
 * question "which of them holds this point".
 * <p>
 * Reading happens in steps that follow the order of a PBF file: {@link #relation} for every relation (a first pass over
 * the file's relations only), then {@link #wantsWay} / {@link #way} while the second pass reads the ways (node positions
 * known by then), {@link #wantsLabel} / {@link #label} for the relations' {@code label} and {@code admin_centre} nodes,
 * and finally {@link #assemble}. A relation's {@code outer} ways (an empty role counts as outer) are noded and
 * polygonized, its {@code inner} ways likewise and cut out; a relation whose outer ways close no ring (e.g. cut off by
 * the extract's edge) is left out and counted in {@link #unusable()}.
 */
final class Boundaries {

    /** One assembled boundary: the name it is shown by, its other names, and its area (x = longitude, y = latitude). */
    record Area(String name, String alt, Geometry geometry, String osmId) {}

    private record Relation(long id, String name, String alt, long[] outer, long[] inner, long[] labels) {}

    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final Set<String> LABEL_ROLES = Set.of("label", "admin_centre");

    private final String adminLevel;
    private final String nameTag;
    private final List<Relation> relations = new ArrayList<>();
    private final LongHashSet wantedWays = new LongHashSet();
    private final LongHashSet wantedLabels = new LongHashSet();
    private final LongObjectHashMap<LineString> ways = new LongObjectHashMap<>();
    private final LongObjectHashMap<String[]> labels = new LongObjectHashMap<>();
    private final List<Area> areas = new ArrayList<>();
    private final List<PreparedGeometry> prepared = new ArrayList<>();
    private final List<Double> sizes = new ArrayList<>();
    private final STRtree index = new STRtree();
    private int unusable;

    /**
     * @param adminLevel the {@code admin_level} whose boundaries name localities; blank: none (places only)
     * @param nameTag    the tag that names a locality when present ({@code name:en}), else {@code name}
     */
    Boundaries(String adminLevel, String nameTag) {
        this.adminLevel = adminLevel.strip();
        this.nameTag = nameTag;
    }

    boolean enabled() {
        return !adminLevel.isEmpty();
    }

    /** First pass: keeps a {@code boundary=administrative} relation of the wanted level. */
    void relation(ReaderRelation r) {
        if (!enabled() || !"administrative".equals(r.getTag("boundary")) || !adminLevel.equals(strip(r.getTag("admin_level")))) {
            return;
        }
        String type = r.getTag("type");
        if (type != null && !"boundary".equals(type) && !"multipolygon".equals(type)) {
            return;
        }
        String name = strip(r.getTag("name"));
        if (name == null) {
            return;
        }
        List<Long> outer = new ArrayList<>();
        List<Long> inner = new ArrayList<>();
        List<Long> label = new ArrayList<>();
        for (ReaderRelation.Member m : r.getMembers()) {
            String role = m.getRole() == null ? "" : m.getRole();
            if (m.getType() == ReaderElement.Type.WAY) {
                if ("inner".equals(role)) {
                    inner.add(m.getRef());
                } else if ("outer".equals(role) || role.isEmpty()) {
                    outer.add(m.getRef());
                }
            } else if (m.getType() == ReaderElement.Type.NODE && LABEL_ROLES.contains(role)) {
                label.add(m.getRef());
            }
        }
        if (outer.isEmpty()) {
            unusable++;
            return;
        }
        String preferred = strip(r.getTag(nameTag));
        String shown = preferred == null ? name : preferred;
        List<String> alt = new ArrayList<>();
        if (!shown.equals(name)) {
            alt.add(name);
        }
        addNames(alt, r, shown);
        Relation rel = new Relation(r.getId(), shown, String.join(";", alt), toArray(outer), toArray(inner), toArray(label));
        relations.add(rel);
        outer.forEach(wantedWays::add);
        inner.forEach(wantedWays::add);
        label.forEach(wantedLabels::add);
    }

    boolean wantsWay(long id) {
        return wantedWays.contains(id);
    }

    /** Second pass: a member way's line (longitude, latitude pairs). */
    void way(long id, double[] lats, double[] lons) {
        if (lats.length < 2) {
            return;
        }
        Coordinate[] c = new Coordinate[lats.length];
        for (int i = 0; i < lats.length; i++) {
            c[i] = new Coordinate(lons[i], lats[i]);
        }
        ways.put(id, GEOMETRY.createLineString(c));
    }

    boolean wantsLabel(long id) {
        return wantedLabels.contains(id);
    }

    /** Second pass: the names of a relation's label (or admin centre) node, named the way place nodes are. */
    void label(long id, String shown, String alt) {
        labels.put(id, new String[] {shown, alt});
    }

    /** Builds the areas; the member ways are dropped afterwards. */
    void assemble() {
        for (Relation r : relations) {
            Geometry area = polygonize(r.outer());
            if (area.isEmpty()) {
                unusable++;
                continue;
            }
            if (r.inner().length > 0) {
                Geometry holes = polygonize(r.inner());
                if (!holes.isEmpty()) {
                    area = area.difference(holes);
                }
            }
            String name = r.name();
            String alt = r.alt();
            for (long labelId : r.labels()) {
                String[] names = labels.get(labelId);
                if (names != null) {
                    // the label node is the place node of the same town: it names the locality as the places do
                    List<String> all = new ArrayList<>(List.of(names[1].isEmpty() ? new String[0] : names[1].split(";")));
                    for (String n : (name + ";" + alt).split(";")) {
                        if (!n.isEmpty() && !n.equals(names[0]) && !all.contains(n)) {
                            all.add(n);
                        }
                    }
                    name = names[0];
                    alt = String.join(";", all);
                    break;
                }
            }
            Area a = new Area(name, alt, area, "r" + r.id());
            PreparedGeometry p = PreparedGeometryFactory.prepare(area);
            index.insert(area.getEnvelopeInternal(), areas.size());
            areas.add(a);
            prepared.add(p);
            sizes.add(area.getArea());
        }
        index.build();
        ways.clear();
        relations.clear();
    }

    /** The area holding the point (the smallest, should two of the level overlap), or null outside all of them. */
    @Nullable Area at(double lat, double lon) {
        int i = indexAt(lat, lon);
        return i < 0 ? null : areas.get(i);
    }

    private int indexAt(double lat, double lon) {
        if (areas.isEmpty()) {
            return -1;
        }
        Point p = GEOMETRY.createPoint(new Coordinate(lon, lat));
        int best = -1;
        double bestArea = Double.MAX_VALUE;
        for (Object o : index.query(p.getEnvelopeInternal())) {
            int i = (Integer) o;
            if (prepared.get(i).covers(p)) {
                double size = sizes.get(i);
                if (size < bestArea) {
                    bestArea = size;
                    best = i;
                }
            }
        }
        return best;
    }

    boolean isEmpty() {
        return areas.isEmpty();
    }

    List<Area> areas() {
        return List.copyOf(areas);
    }

    /** Relations of the level that gave no area (no outer way, or outer ways that close no ring in the extract). */
    int unusable() {
        return unusable;
    }

    private Geometry polygonize(long[] wayIds) {
        List<LineString> lines = new ArrayList<>();
        for (long id : wayIds) {
            LineString l = ways.get(id);
            if (l != null) {
                lines.add(l);
            }
        }
        if (lines.isEmpty()) {
            return GEOMETRY.createPolygon();
        }
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(noded(lines));
        @SuppressWarnings("unchecked")
        Collection<Polygon> polygons = polygonizer.getPolygons();
        if (polygons.isEmpty()) {
            return GEOMETRY.createPolygon();
        }
        // rings inside rings (an island's ring within the outer one) come back as separate faces: the union is the area
        return polygons.size() == 1 ? polygons.iterator().next() : UnaryUnionOp.union(new ArrayList<Geometry>(polygons));
    }

    /**
     * The ways cut at every node they share with another member way (or with themselves), so the polygonizer sees a
     * graph whose edges meet only at their ends. Ways of one boundary meet at shared OSM nodes, whose coordinates are
     * identical: comparing coordinates exactly is enough, and much cheaper than noding the lines by overlay.
     */
    private static List<LineString> noded(List<LineString> lines) {
        java.util.Map<Coordinate, Integer> uses = new java.util.HashMap<>();
        for (LineString l : lines) {
            Coordinate[] c = l.getCoordinates();
            boolean closed = c.length > 2 && c[0].equals2D(c[c.length - 1]);
            for (int i = 0; i < (closed ? c.length - 1 : c.length); i++) {
                uses.merge(c[i], 1, Integer::sum);
            }
        }
        List<LineString> out = new ArrayList<>();
        for (LineString l : lines) {
            Coordinate[] c = l.getCoordinates();
            int from = 0;
            for (int i = 1; i < c.length - 1; i++) {
                if (uses.get(c[i]) > 1) {
                    out.add(GEOMETRY.createLineString(java.util.Arrays.copyOfRange(c, from, i + 1)));
                    from = i;
                }
            }
            out.add(GEOMETRY.createLineString(java.util.Arrays.copyOfRange(c, from, c.length)));
        }
        return out;
    }

    private static void addNames(List<String> into, ReaderElement e, String shown) {
        for (String tag : List.of("name", "name:en", "name:mt", "name:ru", "alt_name", "official_name")) {
            String v = strip(e.getTag(tag));
            if (v != null && !v.equals(shown) && !into.contains(v)) {
                into.add(v);
            }
        }
    }

    private static @Nullable String strip(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static long[] toArray(List<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }
}
