package org.fieldplan.geo.zone;

import java.util.Objects;

import org.fieldplan.engine.domain.Zone;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * A service zone: an area on a city map, drawn from any number of points, possibly with holes and
 * several parts. Zones may overlap.
 *
 * @param id       the zone's identifier, unique within a collection
 * @param name     a name for people; the id when the source gave none
 * @param city     the city the zone belongs to, or {@code null} when not given
 * @param geometry a valid {@link Polygon} or {@link MultiPolygon} in WGS 84 (x = longitude,
 *                 y = latitude), shells counter-clockwise and holes clockwise
 */
public record ServiceZone(String id, String name, @Nullable String city, Geometry geometry) {

    public ServiceZone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(geometry, "geometry");
        if (id.isBlank()) {
            throw new IllegalArgumentException("A zone's id is blank; give every zone a non-blank id.");
        }
        if (!(geometry instanceof Polygon) && !(geometry instanceof MultiPolygon)) {
            throw new IllegalArgumentException("The geometry of zone (" + id + ") is a " + geometry.getGeometryType()
                    + "; a zone is a Polygon or a MultiPolygon.");
        }
    }

    /** The engine's reference to this zone (id and name; the polygon stays here). */
    public Zone toZone() {
        return new Zone(id, name);
    }
}
