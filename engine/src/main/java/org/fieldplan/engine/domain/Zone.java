package org.fieldplan.engine.domain;

/**
 * A service zone, by reference: the polygon lives in geo-data; the engine only needs to know which
 * zones a visit lies in (resolved when the plan is assembled) and which zone a shift serves when.
 */
public record Zone(String id, String name) {

    public Zone {
        if (id.isBlank()) {
            throw new IllegalArgumentException("A zone id is blank (name '" + name + "').");
        }
    }

    /** By id (the name is a label); identity first: zones are compared in the solver's inner loop. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Zone other && id.equals(other.id));
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return name.isBlank() ? id : name;
    }
}
