package org.fieldplan.api.zone;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A zone as a caller creates or replaces it.
 *
 * @param area            a GeoJSON geometry (RFC 7946): Polygon or MultiPolygon, longitude first
 * @param dispatcherId    the user responsible for new service requests inside the zone (a dispatcher or administrator)
 * @param serviceTypeIds  the service types offered in the zone
 */
record ZoneInput(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String city,
        @NotNull JsonNode area,
        @Nullable Long dispatcherId,
        @Nullable List<@NotNull Long> serviceTypeIds,
        @Nullable Boolean active) {}
