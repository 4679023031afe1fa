package org.fieldplan.api.planning.route;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a stored route stands: a draft (the planner's or a dispatcher's work in progress) or published (what
 * technicians and customers see). The database and wire form is the lower-case name; the jOOQ column
 * {@code route.status} is of this type (see {@link org.fieldplan.api.persistence.StatusConverters}).
 */
public enum RouteStatus {
    DRAFT,
    PUBLISHED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RouteStatus fromCode(String code) {
        for (RouteStatus s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown route status '" + code + "'; expected draft or published.");
    }
}
