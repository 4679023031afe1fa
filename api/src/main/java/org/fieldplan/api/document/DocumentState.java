package org.fieldplan.api.document;

import java.util.Locale;

/** Where a document stands: issued, then agreed/refused (specification) or accepted/disputed (act), or superseded. */
public enum DocumentState {
    ISSUED, AGREED, REFUSED, ACCEPTED, DISPUTED, SUPERSEDED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DocumentState parse(String code) {
        return valueOf(code.strip().toUpperCase(Locale.ROOT));
    }
}
