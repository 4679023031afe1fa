package org.fieldplan.api.booking;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.booking.BookingMessages.Day;
import org.fieldplan.api.booking.BookingMessages.Slot;
import org.fieldplan.api.booking.BookingMessages.Window;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.slots.WindowAnswer;
import org.fieldplan.engine.slots.WindowSearchResult;
import org.jspecify.annotations.Nullable;

/** The engine's window answers turned into what the booking form shows; pure functions, unit-tested. */
final class WindowAnswers {

    private WindowAnswers() {}

    /** Windows of today that have begun (and days before today) are marked PAST, not offered. */
    static WindowSearchResult withPast(WindowSearchResult result, LocalDate today, LocalTime now) {
        List<WindowAnswer> out = new ArrayList<>();
        for (WindowAnswer a : result.answers()) {
            if (a.day().isBefore(today) || (a.day().equals(today) && !a.window().start().isAfter(now))) {
                out.add(new WindowAnswer(a.day(), a.window(), a.start(), a.end(), null, 0, 0, null, "PAST"));
            } else {
                out.add(a);
            }
        }
        return new WindowSearchResult(out);
    }

    static @Nullable WindowAnswer earliest(List<WindowAnswer> answers) {
        return answers.stream().filter(WindowAnswer::available)
                .min(Comparator.comparing(WindowAnswer::day).thenComparing(a -> a.window().start())).orElse(null);
    }

    /** PAST, FULL or the engine's reason why nobody can come (NO_SHIFT, NO_SKILL, NO_ZONE, ...). */
    static String code(WindowAnswer a) {
        if ("PAST".equals(a.reason()) && a.unavailability() == null) {
            return "PAST";
        }
        return a.unavailability() == null ? "FULL" : a.unavailability().name();
    }

    static Slot slot(WindowAnswer a) {
        return new Slot(a.day(), a.window().start().toString(), a.window().end().toString());
    }

    /** The answers by day and window start, available ones with rank and added travel, the others with a reason. */
    static List<Day> days(WindowSearchResult result, String serviceName, BookingTexts texts) {
        Map<LocalDate, List<Window>> byDay = new LinkedHashMap<>();
        Map<String, String> reasons = new java.util.HashMap<>(); // one sentence per code and query, not per window
        List<WindowAnswer> sorted = new ArrayList<>(result.answers());
        sorted.sort(Comparator.comparing(WindowAnswer::day).thenComparing(a -> a.window().start()));
        for (WindowAnswer a : sorted) {
            Window w;
            if (a.available()) {
                w = new Window(a.window().start().toString(), a.window().end().toString(), true, a.rank(),
                        (int) Math.round(a.insertion().addedTravelSeconds() / 60.0), null, null);
            } else {
                String code = code(a);
                w = new Window(a.window().start().toString(), a.window().end().toString(), false, null, null, code,
                        code.equals("PAST") ? texts.begun() : reasons.computeIfAbsent(code, c -> texts.reason(c, serviceName)));
            }
            byDay.computeIfAbsent(a.day(), d -> new ArrayList<>()).add(w);
        }
        List<Day> days = new ArrayList<>();
        byDay.forEach((d, w) -> days.add(new Day(d, w)));
        return days;
    }

    /** Up to five other free windows, nearest to the one just taken (by day, then by time of day). */
    static List<Slot> alternatives(List<WindowAnswer> answers, LocalDate day, DailyWindow taken) {
        return answers.stream().filter(WindowAnswer::available)
                .filter(a -> !(a.day().equals(day) && a.window().equals(taken))) // just taken, whatever a moment-old search says
                .sorted(Comparator.comparing((WindowAnswer a) -> Math.abs(a.day().toEpochDay() - day.toEpochDay()))
                        .thenComparing(a -> Math.abs(a.window().start().toSecondOfDay() - taken.start().toSecondOfDay())))
                .limit(5).map(WindowAnswers::slot).toList();
    }

    /** The offered window that starts at {@code start} ("10:00" or "10:00:00"), or null. */
    static @Nullable DailyWindow startingAt(List<DailyWindow> offered, @Nullable String start) {
        if (start == null) {
            return null;
        }
        String s = start.strip();
        for (DailyWindow w : offered) {
            if (w.start().toString().equals(s) || (s + ":00").equals(w.start().toString())) {
                return w;
            }
        }
        return null;
    }
}
