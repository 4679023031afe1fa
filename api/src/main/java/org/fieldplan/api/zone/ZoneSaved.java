package org.fieldplan.api.zone;

import java.util.List;

/** The zone as stored, and what was fixed in its boundary on the way (unclosed rings, ring orientation). */
record ZoneSaved(ZoneView zone, List<String> fixes) {}
