package org.fieldplan.geo.zone;

import java.util.List;

/**
 * Zones read from a document, and the harmless defects that were fixed on the way (unclosed rings
 * closed, ring orientation normalised) so a caller can tell the author.
 *
 * @param zones zones in document order
 * @param fixes what was corrected, located by path; empty when the document was clean
 */
public record ZoneCollection(List<ServiceZone> zones, List<ZoneProblem> fixes) {

    public ZoneCollection {
        zones = List.copyOf(zones);
        fixes = List.copyOf(fixes);
    }
}
