package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fieldplan.api.request.RequestExceptions.VersionRequired;
import org.fieldplan.api.web.InvalidInputException;
import org.junit.jupiter.api.Test;

class IfMatchTest {

    @Test
    void readsTheVersionFromStrongWeakAndBareTags() {
        assertThat(RequestController.version("\"3\"", "x")).isEqualTo(3);
        assertThat(RequestController.version("W/\"12\"", "x")).isEqualTo(12);
        assertThat(RequestController.version(" 7 ", "x")).isEqualTo(7);
    }

    @Test
    void aMissingHeaderAsksForIt() {
        assertThatThrownBy(() -> RequestController.version(null, "Changing the status of service request 5"))
                .isInstanceOf(VersionRequired.class)
                .hasMessageStartingWith("Changing the status of service request 5 needs the If-Match header");
        assertThatThrownBy(() -> RequestController.version("  ", "x")).isInstanceOf(VersionRequired.class);
    }

    @Test
    void aForeignTagNamesTheHeaderAndTheValue() {
        assertThatThrownBy(() -> RequestController.version("\"abc\"", "x"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().getFirst().field()).isEqualTo("If-Match");
                    assertThat(e.errors().getFirst().value()).isEqualTo("\"abc\"");
                });
    }

    @Test
    void theEtagIsTheQuotedVersion() {
        assertThat(RequestController.etag(view(4))).isEqualTo("\"4\"");
        assertThat(RequestController.version(RequestController.etag(view(4)), "x")).isEqualTo(4);
    }

    private static ServiceRequestView view(int version) {
        java.time.OffsetDateTime t = java.time.OffsetDateTime.parse("2026-11-22T08:00:00+01:00");
        return new ServiceRequestView(1, "2026-000001", "new", java.util.List.of(), 1, "c", null, "a", 35.9, 14.5, null, null,
                null, true, "phone", 3, t, null, null, null, java.util.List.of(), null, t, t, version, null);
    }
}
