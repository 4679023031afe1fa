package org.fieldplan.api.contract;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * When a contract's regular work falls due: the rule on its own (no SQL, no Spring), tested in OccurrencesTest.
 *
 * <ul>
 *   <li>{@code weekly}: on {@code weekday}, every {@code everyWeeks} weeks; the first is the first such weekday on or
 *       after the contract's start, the others follow at whole multiples of the step;</li>
 *   <li>{@code monthly}: on {@code dayOfMonth} of every month, the month's last day when the month is shorter;</li>
 *   <li>{@code dates}: on the dates listed;</li>
 * </ul>
 * and only within the contract's period and, when a season is set, within the season (inclusive; a season whose
 * start is later in the year than its end wraps the new year, e.g. 11-01 .. 03-31).
 */
public final class Occurrences {

    private Occurrences() {
    }

    /** How often. */
    public enum Frequency {
        WEEKLY, MONTHLY, DATES;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static @Nullable Frequency parse(@Nullable String code) {
            if (code == null) {
                return null;
            }
            for (Frequency f : values()) {
                if (f.code().equalsIgnoreCase(code.strip())) {
                    return f;
                }
            }
            return null;
        }
    }

    /** A season: from .. to, inclusive, by month and day. */
    public record Season(MonthDay from, MonthDay to) {
        public boolean contains(LocalDate day) {
            MonthDay d = MonthDay.from(day);
            if (!from.isAfter(to)) {
                return !d.isBefore(from) && !d.isAfter(to);
            }
            return !d.isBefore(from) || !d.isAfter(to); // wraps the new year
        }
    }

    /** The schedule of one regular work. */
    public record Rule(Frequency frequency, @Nullable DayOfWeek weekday, int everyWeeks, @Nullable Integer dayOfMonth,
                       Set<LocalDate> dates, @Nullable Season season) {}

    /**
     * The days in {@code from .. to} (inclusive) on which the work falls due, for a contract valid
     * {@code startsOn .. endsOn} (open end when null), in order.
     */
    public static List<LocalDate> between(Rule rule, LocalDate startsOn, @Nullable LocalDate endsOn, LocalDate from, LocalDate to) {
        LocalDate first = from.isBefore(startsOn) ? startsOn : from;
        LocalDate last = endsOn != null && endsOn.isBefore(to) ? endsOn : to;
        List<LocalDate> out = new ArrayList<>();
        if (first.isAfter(last)) {
            return out;
        }
        switch (rule.frequency()) {
            case WEEKLY -> {
                DayOfWeek weekday = rule.weekday() == null ? DayOfWeek.MONDAY : rule.weekday();
                LocalDate anchor = startsOn.with(TemporalAdjusters.nextOrSame(weekday));
                long step = 7L * Math.max(1, rule.everyWeeks());
                long since = ChronoUnit.DAYS.between(anchor, first);
                long skip = since <= 0 ? 0 : (since + step - 1) / step;
                for (LocalDate d = anchor.plusDays(skip * step); !d.isAfter(last); d = d.plusDays(step)) {
                    out.add(d);
                }
            }
            case MONTHLY -> {
                int dom = rule.dayOfMonth() == null ? 1 : rule.dayOfMonth();
                for (YearMonth m = YearMonth.from(first); !m.atDay(1).isAfter(last); m = m.plusMonths(1)) {
                    LocalDate d = m.atDay(Math.min(dom, m.lengthOfMonth()));
                    if (!d.isBefore(first) && !d.isAfter(last)) {
                        out.add(d);
                    }
                }
            }
            case DATES -> new TreeSet<>(rule.dates()).forEach(d -> {
                if (!d.isBefore(first) && !d.isAfter(last)) {
                    out.add(d);
                }
            });
        }
        if (rule.season() != null) {
            out.removeIf(d -> !rule.season().contains(d));
        }
        return out;
    }
}
