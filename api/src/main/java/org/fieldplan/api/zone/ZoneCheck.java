package org.fieldplan.api.zone;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What {@code POST /api/zones/validate} says about an area before anything is stored.
 *
 * @param valid    true when the area would be accepted as it is (fixes are made silently, overlaps are allowed)
 * @param problems every reason it would be refused, each at the place on the map it is about when it has one
 * @param fixes    what would be fixed on the way (an unclosed ring closed, a ring's direction reversed)
 * @param overlaps the other zones the area overlaps (allowed, but worth seeing), with the shared part
 */
record ZoneCheck(boolean valid, List<Problem> problems, List<String> fixes, List<Overlap> overlaps) {

    /** A reason the area would be refused; {@code lon}/{@code lat} locate it on the map when they are known. */
    record Problem(String field, String reason, @Nullable Double lon, @Nullable Double lat) {}

    /** Another zone the area overlaps, and the overlapping part as a GeoJSON geometry. */
    record Overlap(long zoneId, String name, String city, JsonNode area) {}
}
