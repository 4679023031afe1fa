package org.fieldplan.engine.slots;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A bookable window of a day, in the company's local time, e.g. 10:00-12:00: the service starts inside it
 * (both ends included, as for {@link org.fieldplan.engine.domain.TimeWindow}).
 */
public record DailyWindow(LocalTime start, LocalTime end) {

    public DailyWindow {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("The window " + start + "-" + end + " does not end after it starts;"
                    + " windows lie within one day (e.g. 18:00-20:00), so swap the times or split at midnight.");
        }
    }

    /**
     * Back-to-back windows of {@code length} from {@code first} until {@code last} (the last window ends at or
     * before it), e.g. {@code evenly(08:00, 20:00, 2 h)} gives 08-10, 10-12, ..., 18-20.
     */
    public static List<DailyWindow> evenly(LocalTime first, LocalTime last, Duration length) {
        if (length.isNegative() || length.isZero() || length.toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("The window length (" + length + ") must be a positive number of whole"
                    + " minutes, e.g. PT2H.");
        }
        if (!last.isAfter(first)) {
            throw new IllegalArgumentException("The last window end (" + last + ") is not after the first window start ("
                    + first + ").");
        }
        List<DailyWindow> windows = new ArrayList<>();
        int step = (int) length.toSeconds();
        for (int s = first.toSecondOfDay(); s + step <= last.toSecondOfDay(); s += step) {
            windows.add(new DailyWindow(LocalTime.ofSecondOfDay(s), LocalTime.ofSecondOfDay(s + step)));
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("No window of " + length + " fits between " + first + " and " + last
                    + "; shorten the windows or widen the day.");
        }
        return windows;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
