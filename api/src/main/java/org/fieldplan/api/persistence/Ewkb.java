package org.fieldplan.api.persistence;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/** Extended WKB (with the SRID) as PostGIS writes and reads it, in hex text. */
final class Ewkb {

    private Ewkb() {}

    static Geometry fromHex(String hex) {
        return fromBytes(WKBReader.hexToBytes(hex));
    }

    static Geometry fromBytes(byte[] bytes) {
        try {
            return new WKBReader(Geo.FACTORY).read(bytes);
        } catch (ParseException e) {
            throw new IllegalStateException("the database returned a geometry that is not valid EWKB (" + bytes.length + " bytes)", e);
        }
    }

    static String toHex(Geometry geometry) {
        return WKBWriter.toHex(toBytes(geometry));
    }

    static byte[] toBytes(Geometry geometry) {
        if (geometry.getSRID() == 0) {
            geometry = geometry.copy(); // the caller's geometry keeps its SRID; the stored one says WGS 84
            geometry.setSRID(Geo.SRID);
        } else if (geometry.getSRID() != Geo.SRID) {
            throw new IllegalArgumentException("geometry has SRID " + geometry.getSRID() + ", but FieldPlan stores WGS 84 (SRID 4326) only");
        }
        return new WKBWriter(2, true).write(geometry);
    }
}
