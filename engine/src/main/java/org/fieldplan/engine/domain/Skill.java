package org.fieldplan.engine.domain;

/** A qualification a technician has and a visit may require, e.g. {@code gas-meter}. */
public record Skill(String code) {

    public Skill {
        if (code.isBlank()) {
            throw new IllegalArgumentException("A skill code is blank; give it a short code such as 'gas-meter'.");
        }
    }

    /** Identity first: skills are compared in the solver's inner loop. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Skill other && code.equals(other.code));
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    @Override
    public String toString() {
        return code;
    }
}
