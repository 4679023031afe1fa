package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.util.List;
import java.util.Optional;

import org.fieldplan.api.persistence.Geo;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Geometry;
import org.springframework.stereotype.Component;

/**
 * Finds the zone of an address: PostGIS lists the active zones whose area covers the point
 * ({@code ST_Covers}, answered from the GiST index on {@code zone.area}; a point on a border is inside),
 * and {@link ZoneChoice} picks one when zones overlap.
 */
@Component
public class ZoneRouter {

    private final DSLContext db;

    ZoneRouter(DSLContext db) {
        this.db = db;
    }

    /** Every active zone covering the point, with its area in square metres. */
    public List<ZoneChoice.Candidate> covering(double lat, double lon) {
        Field<Geometry> point = DSL.val(Geo.point(lat, lon), ZONE.AREA);
        Field<Double> areaSquareMetres = DSL.field("ST_Area({0}::geography)", Double.class, ZONE.AREA);
        return db.select(ZONE.ID, ZONE.NAME, areaSquareMetres, ZONE.DISPATCHER_ID)
                .from(ZONE)
                .where(DSL.condition("ST_Covers({0}, {1})", ZONE.AREA, point))
                .and(ZONE.ACTIVE.isTrue())
                .fetch(r -> new ZoneChoice.Candidate(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The zone an address is routed to, or empty when it lies outside every zone. */
    public Optional<ZoneChoice.Candidate> route(double lat, double lon) {
        return ZoneChoice.choose(covering(lat, lon));
    }
}
