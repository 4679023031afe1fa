package org.fieldplan.api.request;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The rule for an address that lies in several zones (zones may overlap): the <b>smallest zone wins</b>,
 * compared by area in whole square metres on the WGS84 spheroid; zones of equal area go to the
 * <b>lowest zone id</b>. The smaller zone is the more specific one (a district drawn inside a city),
 * and the rule depends only on the zones' shapes and ids, so routing the same address twice gives
 * the same zone whatever order the database returns them in.
 *
 * <p>PostGIS finds the candidates ({@code ST_Covers(zone.geometry, point)}, so a point on a border
 * belongs to both zones, using the GiST index); this class picks one.
 */
public final class ZoneChoice {

    /** A zone that covers the address. {@code dispatcherUserId} is the zone's responsible dispatcher, if any. */
    public record Candidate(long zoneId, String zoneName, double areaSquareMetres, @Nullable Long dispatcherUserId) {
    }

    public static final Comparator<Candidate> RULE = Comparator
            .comparingLong((Candidate c) -> Math.round(c.areaSquareMetres()))
            .thenComparingLong(Candidate::zoneId);

    private ZoneChoice() {
    }

    /** The zone the rule picks, or empty when no zone covers the address (outside the service area). */
    public static Optional<Candidate> choose(List<Candidate> covering) {
        return covering.stream().min(RULE);
    }
}
