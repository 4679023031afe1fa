package org.fieldplan.engine.domain;

/** A qualification a technician has and a visit may require, e.g. {@code gas-meter}. */
public record Skill(String code) {

    public Skill {
        if (code.isBlank()) {
            throw new IllegalArgumentException("A skill code is blank; give it a short code such as 'gas-meter'.");
        }
    }

    @Override
    public String toString() {
        return code;
    }
}
