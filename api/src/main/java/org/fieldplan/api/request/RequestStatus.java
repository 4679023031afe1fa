package org.fieldplan.api.request;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a service request stands. The wire and database form is the lower-case name
 * ({@code in_progress}); see {@link RequestLifecycle} for the moves between them.
 */
public enum RequestStatus {
    NEW,
    QUOTED,
    AGREED,
    REFUSED,
    SCHEDULED,
    IN_PROGRESS,
    DONE,
    ACCEPTED,
    DISPUTED,
    CANCELLED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code in_progress}, {@code IN_PROGRESS} or {@code in-progress}; the error names the value and the choices. */
    public static RequestStatus fromCode(String code) {
        String normalized = code.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (RequestStatus status : values()) {
            if (status.name().equals(normalized)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown request status '" + code + "'; expected one of " + allCodes() + ".");
    }

    /** The status as a customer reads it: "in progress" in English, «в работе» in Russian (any other language: English). */
    public String label(Locale locale) {
        if ("ru".equals(locale.getLanguage())) {
            return switch (this) {
                case NEW -> "новая";
                case QUOTED -> "оценена";
                case AGREED -> "согласована";
                case REFUSED -> "отклонена";
                case SCHEDULED -> "запланирована";
                case IN_PROGRESS -> "в работе";
                case DONE -> "выполнена";
                case ACCEPTED -> "принята";
                case DISPUTED -> "оспорена";
                case CANCELLED -> "отменена";
            };
        }
        return code().replace('_', ' ');
    }

    public static String allCodes() {
        return Arrays.stream(values()).map(RequestStatus::code).collect(Collectors.joining(", "));
    }

    /**
     * Closed requests never move again: accepted, refused or cancelled. A request that is {@code done}
     * still waits for the customer to accept or dispute the work, so it is not closed.
     */
    public boolean isClosed() {
        return RequestLifecycle.next(this).isEmpty();
    }
}
