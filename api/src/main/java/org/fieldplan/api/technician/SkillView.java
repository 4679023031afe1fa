package org.fieldplan.api.technician;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A skill of the catalogue: a short code ({@code electrical}, {@code meter-verification}) and a name. */
public record SkillView(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "must be lower-case letters, digits and dashes, like meter-verification") String code,
        @NotBlank @Size(max = 200) String name) {}
