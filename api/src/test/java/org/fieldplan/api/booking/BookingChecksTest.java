package org.fieldplan.api.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.booking.BookingMessages.Contact;
import org.fieldplan.api.web.FieldProblem;
import org.junit.jupiter.api.Test;

class BookingChecksTest {

    private static final LocalDate OPEN = LocalDate.of(2026, 3, 3);
    private static final LocalDate CLOSE = LocalDate.of(2026, 3, 16);

    private static List<String> fields(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::field).toList();
    }

    @Test
    void pointsOutsideTheGlobeOrMissingAreNamed() {
        List<FieldProblem> p = new ArrayList<>();
        BookingChecks.point(p, 91.0, Double.NaN);
        assertThat(fields(p)).containsExactly("lat", "lon");
        p.clear();
        BookingChecks.point(p, 35.9, 14.5);
        assertThat(p).isEmpty();
    }

    @Test
    void daysOutsideTheOpenRangeAndMissingDaysAreNamed() {
        List<FieldProblem> p = new ArrayList<>();
        assertThat(BookingChecks.day(p, OPEN, CLOSE, null)).isEqualTo(OPEN);
        BookingChecks.day(p, OPEN, CLOSE, LocalDate.MAX);
        BookingChecks.day(p, OPEN, CLOSE, OPEN.minusDays(1));
        assertThat(fields(p)).containsExactly("date", "date", "date");
        assertThat(p.get(1).value()).isEqualTo(LocalDate.MAX);
        p.clear();
        BookingChecks.day(p, OPEN, CLOSE, CLOSE);
        assertThat(p).isEmpty();
    }

    @Test
    void aRangeBackwardsOrBeyondTheHorizonIsRefused() {
        List<FieldProblem> p = new ArrayList<>();
        BookingChecks.range(p, OPEN, CLOSE, OPEN.minusDays(1), CLOSE.plusDays(1), true, true);
        assertThat(fields(p)).containsExactly("from", "to");
        p.clear();
        BookingChecks.range(p, OPEN, CLOSE, CLOSE, OPEN, true, true);
        assertThat(fields(p)).containsExactly("to");
    }

    @Test
    void quantityIsOneToAHundred() {
        List<FieldProblem> p = new ArrayList<>();
        assertThat(BookingChecks.quantity(p, null)).isEqualTo(1);
        assertThat(BookingChecks.quantity(p, 100)).isEqualTo(100);
        assertThat(p).isEmpty();
        BookingChecks.quantity(p, 0);
        BookingChecks.quantity(p, 101);
        assertThat(fields(p)).containsExactly("quantity", "quantity");
    }

    @Test
    void aContactNeedsANameAndAWayToReachThem() {
        List<FieldProblem> p = new ArrayList<>();
        assertThat(BookingChecks.contact(p, null)).isNull();
        assertThat(fields(p)).containsExactly("contact.name", "contact.phone");
        p.clear();
        assertThat(BookingChecks.contact(p, new Contact("Ann", "12", "not-mail"))).isNull();
        assertThat(fields(p)).containsExactly("contact.phone", "contact.email");
        p.clear();
        BookingChecks.CheckedContact ok = BookingChecks.contact(p, new Contact("  Ann Borg ", null, " ann@example.com "));
        assertThat(p).isEmpty();
        assertThat(ok).isEqualTo(new BookingChecks.CheckedContact("Ann Borg", null, "ann@example.com"));
    }

    @Test
    void longTextsAreRefusedWithoutEchoingThemWhole() {
        List<FieldProblem> p = new ArrayList<>();
        BookingChecks.addressLine(p, "x".repeat(501));
        BookingChecks.comment(p, "y".repeat(2001));
        assertThat(fields(p)).containsExactly("addressLine", "comment");
        assertThat(String.valueOf(p.get(0).value())).hasSizeLessThan(50);
        assertThat(p.get(1).value()).isEqualTo("2001 characters");
        p.clear();
        assertThat(BookingChecks.addressLine(p, "   ")).isNull();
        assertThat(fields(p)).containsExactly("addressLine");
    }

    @Test
    void anIdempotencyKeyIsRequiredAndShort() {
        List<FieldProblem> p = new ArrayList<>();
        BookingChecks.idempotencyKey(p, null);
        BookingChecks.idempotencyKey(p, " ");
        BookingChecks.idempotencyKey(p, "k".repeat(201));
        assertThat(fields(p)).containsExactly("Idempotency-Key", "Idempotency-Key", "Idempotency-Key");
        p.clear();
        BookingChecks.idempotencyKey(p, "a-key");
        assertThat(p).isEmpty();
    }
}
