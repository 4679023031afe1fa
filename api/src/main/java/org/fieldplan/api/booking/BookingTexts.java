package org.fieldplan.api.booking;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Collection;
import java.util.Locale;
import org.fieldplan.engine.slots.DailyWindow;
import org.jspecify.annotations.Nullable;

/** What the booking answers say to customers, in English and Russian. */
final class BookingTexts {

    private static final String[] RU_ON = {"в понедельник", "во вторник", "в среду", "в четверг", "в пятницу",
            "в субботу", "в воскресенье"};
    private static final String[] RU_DAY = {"понедельник", "вторник", "среда", "четверг", "пятница", "суббота",
            "воскресенье"};

    private final boolean ru;

    BookingTexts(@Nullable String lang) {
        this.ru = lang != null && lang.toLowerCase(Locale.ROOT).startsWith("ru");
    }

    String lang() {
        return ru ? "ru" : "en";
    }

    /** Why one window cannot be booked. */
    String reason(String code, String service) {
        return switch (code) {
            case "NO_SHIFT" -> ru ? "В это время в вашем районе никто не работает" : "Nobody works in your area at this time";
            case "NO_SKILL" -> ru ? "В это время нет мастера для услуги «" + service + "»"
                    : "No technician for " + service + " works at this time";
            case "NO_ZONE" -> ru ? "В это время мастер для услуги «" + service + "» не работает в вашем районе"
                    : "No technician for " + service + " works in your area at this time";
            case "DEADLINE" -> ru ? "Слишком поздно для срока заявки" : "Too late for the request's deadline";
            case "OUTSIDE_AREA" -> ru ? "Адрес вне зоны обслуживания" : "The address is outside our service area";
            default -> ru ? "Всё занято" : "Fully booked";
        };
    }

    /** The sentence when nothing in the asked range is free. */
    String nothingFree(String service, LocalDate from, LocalDate to, Collection<String> codes,
            @Nullable LocalDate nearestDay, @Nullable DailyWindow nearestWindow) {
        boolean nobodyWorks = !codes.isEmpty() && codes.stream().allMatch(c -> c.equals("NO_SHIFT")
                || c.equals("NO_SKILL") || c.equals("NO_ZONE"));
        StringBuilder out = new StringBuilder();
        if (nobodyWorks) {
            out.append(ru ? "Мастер по услуге «" + service + "» не работает в вашем районе " + onDays(from, to)
                    : "No technician for " + service + " works in your area " + onDays(from, to));
        } else {
            out.append(ru ? "Все окна для услуги «" + service + "» " + onDays(from, to) + " заняты"
                    : "Every window for " + service + " " + onDays(from, to) + " is taken");
        }
        if (nearestDay != null && nearestWindow != null) {
            out.append(ru ? "; ближайшее свободное окно: " : "; nearest free: ")
                    .append(dayName(nearestDay)).append(' ').append(window(nearestWindow));
        } else {
            out.append(ru ? "; свободных окон в ближайшие дни нет" : "; no window is free in the days open for booking");
        }
        return out.append('.').toString();
    }

    String tooManyHolds(int cap, long waitSeconds) {
        return ru ? "С вашего адреса уже удерживается " + cap + " окна (больше нельзя). Запишитесь на одно из них,"
                + " отпустите одно или подождите " + waitSeconds + " с, пока удержание истечёт."
                : "Your address already holds " + cap + " windows, the most it may. Book or release one of them, or wait "
                + waitSeconds + " s for a hold to run out.";
    }

    String begun() {
        return ru ? "Время прошло" : "Already begun";
    }

    /** The 409 detail when the chosen window went to someone else. */
    String taken(LocalDate day, DailyWindow w) {
        return ru ? "Окно " + day + " " + window(w) + " уже занято; выберите другое."
                : "The window " + dayName(day) + " " + window(w) + " has just been taken; choose another.";
    }

    String outsideArea() {
        return ru ? "Этот адрес вне нашей зоны обслуживания: выберите другой адрес или позвоните нам."
                : "This address is outside our service area: choose another address or call us.";
    }

    String notOffered(String service) {
        return ru ? "Услуга «" + service + "» по этому адресу не оказывается." : service + " is not offered at this address.";
    }

    private String onDays(LocalDate from, LocalDate to) {
        if (from.equals(to)) {
            return ru ? RU_ON[from.getDayOfWeek().getValue() - 1] + " " + from.getDayOfMonth() + "." + two(from.getMonthValue())
                    : "on " + dayName(from);
        }
        return ru ? "с " + from + " по " + to : "from " + dayName(from) + " to " + dayName(to);
    }

    String dayName(LocalDate day) {
        DayOfWeek dow = day.getDayOfWeek();
        if (ru) {
            return RU_DAY[dow.getValue() - 1] + " " + day.getDayOfMonth() + "." + two(day.getMonthValue());
        }
        return dow.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + day.getDayOfMonth() + " "
                + day.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    static String window(DailyWindow w) {
        return time(w.start()) + "-" + time(w.end());
    }

    private static String time(java.time.LocalTime t) {
        return t.getMinute() == 0 ? String.valueOf(t.getHour()) : t.getHour() + ":" + two(t.getMinute());
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
