package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistrationNumberTest {

    @Test
    void formatsYearAndSixDigitSequence() {
        assertThat(new RegistrationNumber(2026, 123)).hasToString("2026-000123");
        assertThat(new RegistrationNumber(2026, 1)).hasToString("2026-000001");
    }

    @Test
    void growsWiderInsteadOfWrappingPastAMillion() {
        assertThat(new RegistrationNumber(2026, 1_234_567)).hasToString("2026-1234567");
        assertThat(RegistrationNumber.parse("2026-1234567").sequence()).isEqualTo(1_234_567L);
    }

    @Test
    void parsesWhatItPrints() {
        RegistrationNumber number = RegistrationNumber.parse(" 2026-000123 ");
        assertThat(number.year()).isEqualTo(2026);
        assertThat(number.sequence()).isEqualTo(123L);
    }

    @Test
    void ordersByYearThenSequence() {
        assertThat(RegistrationNumber.parse("2025-999999")).isLessThan(RegistrationNumber.parse("2026-000001"));
        assertThat(RegistrationNumber.parse("2026-000002")).isGreaterThan(RegistrationNumber.parse("2026-000001"));
    }

    @Test
    void rejectsMalformedTextNamingTheValueAndTheForm() {
        assertThatThrownBy(() -> RegistrationNumber.parse("26-123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'26-123'")
                .hasMessageContaining("YYYY-NNNNNN");
        assertThatThrownBy(() -> RegistrationNumber.parse("2026-000000"))
                .hasMessageContaining("sequence (0)");
    }
}
