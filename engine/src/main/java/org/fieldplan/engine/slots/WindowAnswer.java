package org.fieldplan.engine.slots;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * The answer for one day and window: available with the cheapest insertion and a grade, or unavailable with a
 * reason in plain words.
 *
 * @param day          the day
 * @param window       the daily window
 * @param start        window start in seconds since the plan's origin
 * @param end          window end in seconds since the plan's origin
 * @param insertion    the cheapest feasible insertion (least added travel), or null when unavailable
 * @param cost         the grade's basis, lower is better: added travel seconds plus a quarter of the seconds by
 *                     which the receiving route's work would exceed the day's mean work (0 when unavailable)
 * @param rank         1 for the best available window of the search, 2 for the next, ...; 0 when unavailable
 * @param unavailability why not, or null when available
 * @param reason       the reason in plain words, or null when available
 */
public record WindowAnswer(LocalDate day, DailyWindow window, long start, long end, @Nullable Insertion insertion,
        long cost, int rank, @Nullable Unavailability unavailability, @Nullable String reason) {

    public boolean available() {
        return insertion != null;
    }

    WindowAnswer withRank(int newRank) {
        return new WindowAnswer(day, window, start, end, insertion, cost, newRank, unavailability, reason);
    }
}
