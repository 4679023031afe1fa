package org.fieldplan.api.document;

import java.util.Locale;

/** The two documents of a request. */
public enum DocumentKind {
    SPECIFICATION, ACT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DocumentKind parse(String code) {
        return valueOf(code.strip().toUpperCase(Locale.ROOT));
    }
}
