package org.fieldplan.api.zone;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A stored zone; {@code area} is a GeoJSON MultiPolygon. */
public record ZoneView(
        long id,
        String name,
        String city,
        JsonNode area,
        @Nullable Long dispatcherId,
        List<Long> serviceTypeIds,
        boolean active,
        int version) {}
