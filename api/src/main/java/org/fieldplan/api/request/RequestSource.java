package org.fieldplan.api.request;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a service request came from. */
public enum RequestSource {
    PHONE, SITE, EMAIL, MESSENGER, PARTNER, WALK_IN,
    /** Created ahead of time from a contract's regular work (org.fieldplan.api.contract). */
    CONTRACT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RequestSource> parse(String code) {
        String normalized = code.strip().replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().replace("_", "").equals(normalized)).findFirst();
    }

    public static String allCodes() {
        return Arrays.stream(values()).map(RequestSource::code).collect(Collectors.joining(", "));
    }
}
