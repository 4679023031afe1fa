package org.fieldplan.api.technician;

import java.util.List;
import org.fieldplan.api.web.LatLon;
import org.jspecify.annotations.Nullable;

/** A stored technician. */
public record TechnicianView(
        long id,
        String name,
        @Nullable String phone,
        @Nullable String email,
        @Nullable String homeAddress,
        LatLon home,
        List<String> skills,
        boolean active,
        @Nullable Long teamId,
        @Nullable Long userId,
        @Nullable String city,
        int version) {}
