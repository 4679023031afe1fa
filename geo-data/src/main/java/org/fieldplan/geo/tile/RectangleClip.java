package org.fieldplan.geo.tile;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Clipping to an axis-parallel rectangle in linear time, for cutting tiles: rings by Sutherland-Hodgman (a ring
 * that leaves and re-enters the box runs along its edge, which a fill draws the same), lines by Liang-Barsky, one
 * segment at a time, into as many pieces as they cross the box. Not a general overlay: rings may come out touching
 * themselves along the box's edge, which renderers fill correctly and which JTS's overlay would spend milliseconds
 * making valid.
 */
final class RectangleClip {

    private RectangleClip() {}

    static Geometry clip(Geometry geometry, Envelope box, GeometryFactory factory) {
        List<Geometry> parts = new ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Geometry part = geometry.getGeometryN(i);
            switch (part) {
                case Polygon polygon -> {
                    Polygon clipped = polygon(polygon, box, factory);
                    if (clipped != null) {
                        parts.add(clipped);
                    }
                }
                case LineString line -> lines(line, box, factory, parts);
                case Point point -> {
                    if (box.contains(point.getCoordinate())) {
                        parts.add(point);
                    }
                }
                default -> parts.add(clip(part, box, factory));          // a nested collection
            }
        }
        return factory.buildGeometry(parts);
    }

    private static Polygon polygon(Polygon polygon, Envelope box, GeometryFactory factory) {
        LinearRing shell = ring(polygon.getExteriorRing().getCoordinates(), box, factory);
        if (shell == null) {
            return null;
        }
        List<LinearRing> holes = new ArrayList<>();
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            LinearRing hole = ring(polygon.getInteriorRingN(i).getCoordinates(), box, factory);
            if (hole != null) {
                holes.add(hole);
            }
        }
        return factory.createPolygon(shell, holes.toArray(LinearRing[]::new));
    }

    private static LinearRing ring(Coordinate[] ring, Envelope box, GeometryFactory factory) {
        List<Coordinate> points = new ArrayList<>(List.of(ring).subList(0, ring.length - 1));   // open
        for (int edge = 0; edge < 4 && !points.isEmpty(); edge++) {
            List<Coordinate> out = new ArrayList<>(points.size() + 4);
            Coordinate previous = points.getLast();
            boolean previousInside = inside(previous, edge, box);
            for (Coordinate current : points) {
                boolean currentInside = inside(current, edge, box);
                if (currentInside != previousInside) {
                    out.add(cross(previous, current, edge, box));
                }
                if (currentInside) {
                    out.add(current);
                }
                previous = current;
                previousInside = currentInside;
            }
            points = out;
        }
        if (points.size() < 3) {
            return null;
        }
        CoordinateList closed = new CoordinateList(points.toArray(Coordinate[]::new), false);
        closed.closeRing();
        return closed.size() < 4 ? null : factory.createLinearRing(closed.toCoordinateArray());
    }

    private static boolean inside(Coordinate c, int edge, Envelope box) {
        return switch (edge) {
            case 0 -> c.x >= box.getMinX();
            case 1 -> c.x <= box.getMaxX();
            case 2 -> c.y >= box.getMinY();
            default -> c.y <= box.getMaxY();
        };
    }

    private static Coordinate cross(Coordinate a, Coordinate b, int edge, Envelope box) {
        if (edge < 2) {
            double x = edge == 0 ? box.getMinX() : box.getMaxX();
            return new Coordinate(x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x));
        }
        double y = edge == 2 ? box.getMinY() : box.getMaxY();
        return new Coordinate(a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y);
    }

    private static void lines(LineString line, Envelope box, GeometryFactory factory, List<Geometry> parts) {
        Coordinate[] c = line.getCoordinates();
        CoordinateList piece = new CoordinateList();
        for (int i = 0; i + 1 < c.length; i++) {
            double[] t = liangBarsky(c[i], c[i + 1], box);
            if (t == null) {
                flush(piece, factory, parts);
                continue;
            }
            Coordinate from = at(c[i], c[i + 1], t[0]);
            Coordinate to = at(c[i], c[i + 1], t[1]);
            piece.add(from, false);
            piece.add(to, false);
            if (t[1] < 1) {                              // leaves the box: this piece ends here
                flush(piece, factory, parts);
            }
        }
        flush(piece, factory, parts);
    }

    private static void flush(CoordinateList piece, GeometryFactory factory, List<Geometry> parts) {
        if (piece.size() >= 2) {
            parts.add(factory.createLineString(piece.toCoordinateArray()));
        }
        piece.clear();
    }

    private static Coordinate at(Coordinate a, Coordinate b, double t) {
        return t == 0 ? a : t == 1 ? b : new Coordinate(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
    }

    /** The part t0..t1 of the segment a-b inside the box, or null. */
    private static double[] liangBarsky(Coordinate a, Coordinate b, Envelope box) {
        double dx = b.x - a.x, dy = b.y - a.y;
        double t0 = 0, t1 = 1;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {a.x - box.getMinX(), box.getMaxX() - a.x, a.y - box.getMinY(), box.getMaxY() - a.y};
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return null;
                }
            } else {
                double r = q[i] / p[i];
                if (p[i] < 0) {
                    t0 = Math.max(t0, r);
                } else {
                    t1 = Math.min(t1, r);
                }
            }
        }
        return t0 > t1 ? null : new double[] {t0, t1};
    }
}
