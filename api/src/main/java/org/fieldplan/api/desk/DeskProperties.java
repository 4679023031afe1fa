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
 * @param concurrentLists at most this many request-list queries run at once; the others wait their turn (first come,
 *                       first served). On two cores, 16 desk users paging at once ran 10 queries side by side (the
 *                       connection pool) and each took longer than waiting: 5 served a third more per second with
 *                       a lower p99 (benchmarks/results/desk.md). About twice the database's cores plus one.
 */
@ConfigurationProperties("fieldplan.desk")
@Validated
public record DeskProperties(
        @DefaultValue("PT4H") @NotNull Duration forgottenAfter,
        @DefaultValue("100000") int csvMaxRows,
        @DefaultValue("5") @jakarta.validation.constraints.Min(1) int concurrentLists) {}
