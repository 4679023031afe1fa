package org.fieldplan.api.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.fieldplan.api.booking.BookingMessages.Booked;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    @Test
    void aStoredAnswerReadsBackAsTheSameBooking() {
        Booked b = new Booked("FP-2026-000123", 123, LocalDate.of(2026, 3, 4), "10:00", "12:00");
        String stored = IdempotencyKeys.encode(b);
        assertThat(stored).isEqualTo("FP-2026-000123|123|2026-03-04|10:00|12:00");
        assertThat(IdempotencyKeys.decode(stored)).isEqualTo(b);
    }

    @Test
    void bodiesAreComparedByTheirSha256() {
        // the SHA-256 of "abc" from FIPS 180-2, appendix B.1
        assertThat(IdempotencyKeys.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(IdempotencyKeys.sha256("a")).isNotEqualTo(IdempotencyKeys.sha256("b"));
    }
}
