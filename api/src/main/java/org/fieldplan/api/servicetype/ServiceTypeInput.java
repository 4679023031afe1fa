package org.fieldplan.api.servicetype;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A service type as a caller creates or replaces it.
 *
 * @param code            a stable short code, e.g. {@code meter-verification}
 * @param durationMinutes how long the work takes at the address, in whole minutes
 * @param requiredSkills  skill codes a technician needs for it
 * @param basePrice       the price before modifiers, in the company's currency
 * @param priceIsFrom     the price is a "from" price, settled when the work is specified
 * @param zoneIds         the zones where it is offered; left out, they stay as they are
 * @param teamSize        how many technicians the work needs at once (1 to 6; left out: 1 on create, unchanged on
 *                        replace); they arrive and start together
 * @param teamSkills      {@code all}: every person of the team needs the required skills (the default);
 *                        {@code lead}: only the first does, the others help
 */
record ServiceTypeInput(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "must be lower-case letters, digits and dashes, like meter-verification") String code,
        @NotBlank @Size(max = 200) String name,
        @NotNull @Min(value = 1, message = "must be at least 1 minute") @Max(value = 1440, message = "must be at most 1440 minutes (a day)") Integer durationMinutes,
        @Nullable List<@NotBlank String> requiredSkills,
        @NotNull @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 10, fraction = 2, message = "must have at most 10 digits and 2 decimals") BigDecimal basePrice,
        @Nullable Boolean priceIsFrom,
        @Nullable Boolean countsForCommission,
        @Nullable Boolean active,
        @Nullable List<@NotNull Long> zoneIds,
        @Nullable @Min(value = 1, message = "must be at least 1 technician") @Max(value = 6, message = "must be at most 6 technicians") Integer teamSize,
        @Nullable @Pattern(regexp = "all|lead", message = "must be all (every person needs the skills) or lead (only the first)") String teamSkills) {}
