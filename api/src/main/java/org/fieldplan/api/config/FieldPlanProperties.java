package org.fieldplan.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * FieldPlan's own settings ({@code fieldplan.*}), checked at start-up. See {@code api/config/fieldplan.example.yml}
 * for every key with a comment.
 *
 * @param timeZone the company's time zone: schedules, windows and "today" are in it
 * @param dataDir  where the OSM extracts are ({@code FIELDPLAN_DATA_DIR}; default {@code ../shared/data})
 * @param web      HTTP limits
 * @param demo     the Malta demo company loaded by {@code ./fieldplan demo}
 */
@ConfigurationProperties("fieldplan")
@Validated
public record FieldPlanProperties(
        @DefaultValue("Europe/Malta") @NotNull ZoneId timeZone,
        @DefaultValue("../shared/data") @NotBlank String dataDir,
        @DefaultValue @Valid Web web,
        @DefaultValue @Valid Demo demo) {

    /** {@link #dataDir} as a path (relative to the working directory unless absolute). */
    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** @param maxBodySize request bodies above this are rejected with 413 */
    public record Web(@DefaultValue("2MB") @NotNull DataSize maxBodySize) {}

    /**
     * @param load     load the demo company at start-up (idempotent: a second start adds nothing)
     * @param password the password of every demo login
     * @param seed     the random seed of the generated demo data (technician names, request addresses)
     */
    public record Demo(
            @DefaultValue("false") boolean load,
            @DefaultValue("fieldplan-demo") @jakarta.validation.constraints.Size(min = 8, message = "must have at least 8 characters") @NotBlank String password,
            @DefaultValue("20260601") long seed) {}
}
