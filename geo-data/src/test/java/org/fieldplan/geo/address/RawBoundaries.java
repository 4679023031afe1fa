package org.fieldplan.geo.address;

import com.carrotsearch.hppc.LongArrayList;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import com.graphhopper.reader.osm.OSMInputFile;
import com.graphhopper.reader.osm.SkipOptions;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A test oracle that answers "is this point inside that administrative boundary" straight from the extract, without
 * the code under test: the relation's member ways are read as they are (no ring assembly, no JTS) and the point is
 * tested by even-odd ray casting over every segment of every outer and inner way. A ring's segments each cross a ray
 * once whatever order the ways come in, so the crossing count is odd exactly inside.
 */
final class RawBoundaries {

    record Relation(long id, String name, String nameEn, List<Long> ways) {}

    record PlaceNode(String name, String kind, double lat, double lon) {}

    final Map<Long, Relation> relations = new HashMap<>();
    final List<PlaceNode> places = new ArrayList<>();
    private final Map<Long, long[]> wayNodes = new HashMap<>();
    private final Map<Long, double[]> nodes = new HashMap<>();

    RawBoundaries(Path pbf, String adminLevel) {
        Set<Long> wanted = new HashSet<>();
        read(pbf, new SkipOptions(true, true, false), e -> {
            if (e instanceof ReaderRelation r && "administrative".equals(r.getTag("boundary"))
                    && adminLevel.equals(r.getTag("admin_level"))) {
                List<Long> ways = new ArrayList<>();
                for (ReaderRelation.Member m : r.getMembers()) {
                    if (m.getType() == ReaderElement.Type.WAY
                            && ("outer".equals(m.getRole()) || "inner".equals(m.getRole()) || m.getRole().isEmpty())) {
                        ways.add(m.getRef());
                    }
                }
                relations.put(r.getId(), new Relation(r.getId(), r.getTag("name"), r.getTag("name:en"), ways));
                wanted.addAll(ways);
            }
        });
        Set<Long> wantedNodes = new HashSet<>();
        read(pbf, new SkipOptions(true, false, true), e -> {
            if (e instanceof ReaderWay w && wanted.contains(w.getId())) {
                LongArrayList ids = w.getNodes();
                wayNodes.put(w.getId(), ids.toArray());
                for (int i = 0; i < ids.size(); i++) {
                    wantedNodes.add(ids.get(i));
                }
            }
        });
        read(pbf, new SkipOptions(false, true, true), e -> {
            if (e instanceof ReaderNode n) {
                if (wantedNodes.contains(n.getId())) {
                    nodes.put(n.getId(), new double[] {n.getLat(), n.getLon()});
                }
                String place = n.getTag("place");
                if (place != null && n.getTag("name") != null) {
                    places.add(new PlaceNode(n.getTag("name"), place, n.getLat(), n.getLon()));
                }
            }
        });
    }

    /** The relation whose {@code name:en} (or {@code name}) is {@code name}. */
    Relation named(String name) {
        return relations.values().stream().filter(r -> name.equals(r.nameEn()) || name.equals(r.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no boundary named " + name));
    }

    boolean contains(Relation r, double lat, double lon) {
        int crossings = 0;
        for (long way : r.ways()) {
            long[] ids = wayNodes.get(way);
            if (ids == null) {
                continue;
            }
            for (int i = 1; i < ids.length; i++) {
                double[] a = nodes.get(ids[i - 1]);
                double[] b = nodes.get(ids[i]);
                if (a == null || b == null) {
                    continue;
                }
                // a ray from the point towards growing longitude; a segment counts when it straddles the latitude
                if ((a[0] > lat) != (b[0] > lat)) {
                    double lonAtLat = a[1] + (lat - a[0]) * (b[1] - a[1]) / (b[0] - a[0]);
                    if (lonAtLat > lon) {
                        crossings++;
                    }
                }
            }
        }
        return crossings % 2 == 1;
    }

    /**
     * True when every member way and every node of them is in the extract: only then is the ray casting an answer (an
     * extract cut at a bounding box keeps a border commune's relation with some of its ways or nodes missing).
     */
    boolean complete(Relation r) {
        Map<Long, Integer> ends = new HashMap<>();
        for (long way : r.ways()) {
            long[] ids = wayNodes.get(way);
            if (ids == null) {
                return false;
            }
            for (long id : ids) {
                if (!nodes.containsKey(id)) {
                    return false;
                }
            }
            ends.merge(ids[0], 1, Integer::sum);
            ends.merge(ids[ids.length - 1], 1, Integer::sum);
        }
        // the rings close: every end of a way meets the end of another (or its own start)
        return !r.ways().isEmpty() && ends.values().stream().allMatch(n -> n % 2 == 0);
    }

    /** Every relation of the level that holds the point. */
    List<Relation> holding(double lat, double lon) {
        return relations.values().stream().filter(r -> contains(r, lat, lon)).toList();
    }

    /** The old rule: the nearest place node of kind city, town, village or suburb (a suburb only within 1.5 km). */
    PlaceNode nearestPlace(double lat, double lon) {
        PlaceNode best = null;
        double bestDistance = Double.MAX_VALUE;
        for (PlaceNode p : places) {
            if (!Set.of("city", "town", "village", "suburb").contains(p.kind())) {
                continue;
            }
            double x = Math.toRadians(p.lon() - lon) * Math.cos(Math.toRadians(lat));
            double y = Math.toRadians(p.lat() - lat);
            double d = Math.sqrt(x * x + y * y) * 6_371_000;
            if ("suburb".equals(p.kind()) && d > 1500) {
                continue;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = p;
            }
        }
        return best;
    }

    private static void read(Path pbf, SkipOptions skip, Consumer<ReaderElement> each) {
        try (OSMInputFile in = new OSMInputFile(new File(pbf.toString())).setWorkerThreads(1).setSkipOptions(skip).open()) {
            ReaderElement e;
            while ((e = in.getNext()) != null) {
                each.accept(e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
