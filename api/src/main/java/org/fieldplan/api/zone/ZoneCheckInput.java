package org.fieldplan.api.zone;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An area to check before it is stored.
 *
 * @param area   a GeoJSON Polygon or MultiPolygon, longitude first
 * @param zoneId the zone being edited (left out of the overlaps), or null for a new zone
 */
record ZoneCheckInput(@NotNull JsonNode area, @Nullable Long zoneId) {}
