package org.fieldplan.api.booking;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.fieldplan.api.booking.BookingHorizon.ServiceType;
import org.fieldplan.api.booking.BookingHorizon.State;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.booking.BookingMessages.Contact;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The checks of what a booking caller sends: each adds a {@link FieldProblem} naming the field and the value, so one
 * answer lists every mistake. No database, no map: the unit tests call them directly.
 */
final class BookingChecks {

    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final Pattern PHONE = Pattern.compile("^[+0-9 ()\\-]{6,30}$");

    private BookingChecks() {}

    /** The contact of a booking, trimmed. */
    record CheckedContact(String name, @Nullable String phone, @Nullable String email) {}

    static void point(List<FieldProblem> problems, @Nullable Double lat, @Nullable Double lon) {
        if (lat == null || !(lat >= -90 && lat <= 90)) {
            problems.add(new FieldProblem("lat", lat, "give the address's latitude in degrees, -90 to 90 (e.g. 35.8989)"));
        }
        if (lon == null || !(lon >= -180 && lon <= 180)) {
            problems.add(new FieldProblem("lon", lon, "give the address's longitude in degrees, -180 to 180 (e.g. 14.5146)"));
        }
    }

    static @Nullable String addressLine(List<FieldProblem> problems, @Nullable String line) {
        String t = trim(line);
        if (t == null) {
            problems.add(new FieldProblem("addressLine", line, "is required: street, house number and town"));
        } else if (t.length() > 500) {
            problems.add(new FieldProblem("addressLine", t.substring(0, 40) + "…", "is longer than 500 characters"));
        }
        return t;
    }

    static ServiceType serviceType(List<FieldProblem> problems, State s, @Nullable String code) {
        ServiceType type = code == null ? null : s.services.get(code);
        if (type == null || !type.active()) {
            problems.add(new FieldProblem("service", code, "is not a service we offer; choose one of "
                    + s.services.values().stream().filter(ServiceType::active).map(ServiceType::code).toList()));
            return s.services.values().stream().findFirst()
                    .orElse(new ServiceType(0, "", "", 3600, Set.of(), false, BigDecimal.ZERO, false));
        }
        return type;
    }

    /**
     * The extra services the customer removed before sending (issue 16): each must be a code of the price list (the
     * server adds only extras offered for the address; a code it does not know is refused, by its index).
     */
    static List<String> declinedExtras(List<FieldProblem> problems, State s, @Nullable List<String> declined) {
        if (declined == null) {
            return List.of();
        }
        if (declined.size() > 50) {
            problems.add(new FieldProblem("declinedExtras", declined.size() + " codes", "at most 50 codes"));
            return List.of();
        }
        List<String> codes = new java.util.ArrayList<>();
        for (int i = 0; i < declined.size(); i++) {
            String code = declined.get(i);
            if (code == null || !s.services.containsKey(code)) {
                problems.add(new FieldProblem("declinedExtras[" + i + "]", code, "is not a service code of the price list"));
            } else {
                codes.add(code);
            }
        }
        return codes;
    }

    /** Further services of the visit: each an active service of the list, each quantity 1..100, at most 9 lines. */
    static List<org.fieldplan.api.request.NewServiceRequest.ServiceLine> moreServices(List<FieldProblem> problems, State s,
            @Nullable List<BookingMessages.MoreService> more) {
        List<org.fieldplan.api.request.NewServiceRequest.ServiceLine> lines = new java.util.ArrayList<>();
        if (more == null) {
            return lines;
        }
        if (more.size() > 9) {
            problems.add(new FieldProblem("moreServices", more.size() + " lines", "at most 9 further services per booking"));
            return lines;
        }
        for (int i = 0; i < more.size(); i++) {
            BookingMessages.MoreService m = more.get(i);
            String code = m == null ? null : m.service();
            ServiceType type = code == null ? null : s.services.get(code);
            if (type == null || !type.active()) {
                problems.add(new FieldProblem("moreServices[" + i + "].service", code, "is not a service offered; one of "
                        + s.services.values().stream().filter(ServiceType::active).map(ServiceType::code).toList()));
                continue;
            }
            Integer q = m.quantity();
            if (q != null && (q < 1 || q > 100)) {
                problems.add(new FieldProblem("moreServices[" + i + "].quantity", q, "must be between 1 and 100"));
                continue;
            }
            lines.add(new org.fieldplan.api.request.NewServiceRequest.ServiceLine(null, type.code(), q == null ? 1 : q));
        }
        return lines;
    }

    /**
     * The whole visit as the window search sees it: the first service with the time of every line added (each service's
     * duration times its quantity) and the skills of all lines; searched with quantity 1. Its id and code stay the first
     * service's (the windows offered, the hold's service).
     */
    static ServiceType visit(ServiceType first, int qty, State s, List<org.fieldplan.api.request.NewServiceRequest.ServiceLine> more) {
        if (more.isEmpty()) {
            return new ServiceType(first.id(), first.code(), first.name(), first.durationSeconds() * qty, first.skills(),
                    first.active(), first.price(), first.priceIsFrom(), first.team());
        }
        long seconds = (long) first.durationSeconds() * qty;
        Set<org.fieldplan.engine.domain.Skill> skills = new java.util.HashSet<>(first.skills());
        for (org.fieldplan.api.request.NewServiceRequest.ServiceLine line : more) {
            ServiceType t = s.services.get(line.serviceTypeCode());
            if (t != null) {
                seconds += (long) t.durationSeconds() * (line.quantity() == null ? 1 : line.quantity());
                skills.addAll(t.skills());
            }
        }
        return new ServiceType(first.id(), first.code(), first.name(), (int) Math.min(Integer.MAX_VALUE, seconds), Set.copyOf(skills),
                first.active(), first.price(), first.priceIsFrom(), first.team());
    }

    /** {@code also=meter-verification:2,cleaning} of the window search: further services with their quantities. */
    static List<BookingMessages.MoreService> also(List<FieldProblem> problems, @Nullable String also) {
        List<BookingMessages.MoreService> more = new java.util.ArrayList<>();
        if (also == null || also.isBlank()) {
            return more;
        }
        for (String part : also.split(",")) {
            String[] codeQty = part.strip().split(":", 2);
            Integer q = null;
            if (codeQty.length == 2) {
                try {
                    q = Integer.valueOf(codeQty[1].strip());
                } catch (NumberFormatException e) {
                    problems.add(new FieldProblem("also", also, "lists services as code:quantity, separated by commas"));
                    return List.of();
                }
            }
            more.add(new BookingMessages.MoreService(codeQty[0].strip(), q));
        }
        return more;
    }

    static int quantity(List<FieldProblem> problems, @Nullable Integer quantity) {
        int q = quantity == null ? 1 : quantity;
        if (q < 1 || q > 100) {
            problems.add(new FieldProblem("quantity", quantity, "must be between 1 and 100"));
            return 1;
        }
        return q;
    }

    static void range(List<FieldProblem> problems, LocalDate open, LocalDate close, LocalDate from, LocalDate to,
            boolean fromGiven, boolean toGiven) {
        if (fromGiven && from.isBefore(open)) {
            problems.add(new FieldProblem("from", from, "the first day open for booking is " + open));
        }
        if (toGiven && to.isAfter(close)) {
            problems.add(new FieldProblem("to", to, "bookings are open until " + close));
        }
        if (to.isBefore(from)) {
            problems.add(new FieldProblem("to", to, "is before from (" + from + ")"));
        }
    }

    static LocalDate day(List<FieldProblem> problems, LocalDate open, LocalDate close, @Nullable LocalDate date) {
        if (date == null) {
            problems.add(new FieldProblem("date", null, "is required, e.g. " + open));
            return open;
        }
        if (date.isBefore(open) || date.isAfter(close)) {
            problems.add(new FieldProblem("date", date, "bookings are open from " + open + " to " + close));
        }
        return date;
    }

    static @Nullable CheckedContact contact(List<FieldProblem> problems, @Nullable Contact contact) {
        String name = contact == null ? null : trim(contact.name());
        String phone = contact == null ? null : trim(contact.phone());
        String email = contact == null ? null : trim(contact.email());
        int before = problems.size();
        if (name == null) {
            problems.add(new FieldProblem("contact.name", null, "is required: who should the technician ask for?"));
        } else if (name.length() > 200) {
            problems.add(new FieldProblem("contact.name", name.substring(0, 40) + "…", "is longer than 200 characters"));
        }
        if (phone == null && email == null) {
            problems.add(new FieldProblem("contact.phone", null, "give a phone number or an e-mail address so we can confirm"));
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problems.add(new FieldProblem("contact.phone", phone,
                    "is not a phone number (digits, spaces, + ( ) -, 6 to 30 characters)"));
        }
        if (email != null && (email.length() > 200 || !EMAIL.matcher(email).matches())) {
            problems.add(new FieldProblem("contact.email", email, "is not an e-mail address like name@example.com"));
        }
        return problems.size() > before || name == null ? null : new CheckedContact(name, phone, email);
    }

    static @Nullable String comment(List<FieldProblem> problems, @Nullable String text) {
        String comment = trim(text);
        if (comment != null && comment.length() > 2000) {
            problems.add(new FieldProblem("comment", comment.length() + " characters", "is longer than 2000 characters"));
        }
        return comment;
    }

    static void idempotencyKey(List<FieldProblem> problems, @Nullable String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            problems.add(new FieldProblem("Idempotency-Key", key,
                    "send a header Idempotency-Key with a unique value (at most 200 characters) per booking attempt"));
        }
    }

    static List<ZoneShape> zonesOrFail(State s, double lat, double lon) {
        List<ZoneShape> zones = s.zonesAt(lat, lon);
        if (zones.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldProblem("lat", lat, "the address (" + lat + ", " + lon
                    + ") is outside every service zone; we cannot send a technician there")));
        }
        return zones;
    }

    static void failIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    static @Nullable String trim(@Nullable String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
