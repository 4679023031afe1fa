package org.fieldplan.api.notification;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a notification stands. The wire and database form is the lower-case name.
 * <ul>
 *   <li>{@code pending}: waiting for its (next) attempt;</li>
 *   <li>{@code sent}: the SMTP server accepted the e-mail;</li>
 *   <li>{@code logged}: the log sender wrote it to the service log; no e-mail left the service;</li>
 *   <li>{@code failed}: every attempt failed; {@code last_error} says why; an administrator may re-queue it.</li>
 * </ul>
 */
public enum NotificationStatus {
    PENDING,
    SENT,
    LOGGED,
    FAILED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NotificationStatus fromCode(String code) {
        String normalized = code.strip().toUpperCase(Locale.ROOT);
        for (NotificationStatus status : values()) {
            if (status.name().equals(normalized)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown notification status '" + code + "'; expected one of " + allCodes() + ".");
    }

    public static String allCodes() {
        return Arrays.stream(values()).map(NotificationStatus::code).collect(Collectors.joining(", "));
    }
}
