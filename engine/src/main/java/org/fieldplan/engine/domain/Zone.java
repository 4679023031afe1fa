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

    @Override
    public String toString() {
        return name.isBlank() ? id : name;
    }
}
