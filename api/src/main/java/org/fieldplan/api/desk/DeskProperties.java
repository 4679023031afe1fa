package org.fieldplan.api.desk;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The desk ({@code fieldplan.desk.*}).
 *
 * @param forgottenAfter a request still {@code new} that nobody touched (no status move, edit, assignment or comment)
 *                       for this long is flagged {@code forgotten} on the desk. Four working hours by default: a phone
 *                       request taken in the morning and not looked at by the afternoon.
 * @param csvMaxRows     at most this many rows in one CSV export (the rest: narrow the filters)
 */
@ConfigurationProperties("fieldplan.desk")
@Validated
public record DeskProperties(
        @DefaultValue("PT4H") @NotNull Duration forgottenAfter,
        @DefaultValue("100000") int csvMaxRows) {}
