package org.fieldplan.api.technician;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.fieldplan.api.web.LatLon;
import org.jspecify.annotations.Nullable;

/**
 * A technician as a caller creates or replaces one.
 *
 * @param home      where the technician's day starts and ends (home base)
 * @param skills    skill codes from the catalogue (GET /api/skills)
 * @param userId    the login of the technician, when they have one
 * @param city      the city the technician works in (the set-up lists filter by it)
 */
record TechnicianInput(
        @NotBlank @Size(max = 200) String name,
        @Nullable @Size(max = 50) String phone,
        @Nullable @Email @Size(max = 200) String email,
        @Nullable @Size(max = 500) String homeAddress,
        @NotNull @Valid LatLon home,
        @Nullable List<@NotBlank String> skills,
        @Nullable Boolean active,
        @Nullable Long teamId,
        @Nullable Long userId,
        @Nullable @Size(max = 200) String city) {}
