package org.fieldplan.api.request;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a service request came from. */
public enum RequestSource {
    PHONE, SITE, EMAIL, MESSENGER, PARTNER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RequestSource> parse(String code) {
        String normalized = code.strip().replace("-", "").toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(normalized)).findFirst();
    }

    public static String allCodes() {
        return Arrays.stream(values()).map(RequestSource::code).collect(Collectors.joining(", "));
    }
}
