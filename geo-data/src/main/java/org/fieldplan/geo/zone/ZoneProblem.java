package org.fieldplan.geo.zone;

import org.jspecify.annotations.Nullable;

/**
 * One thing wrong (or fixed) in a zone document, located by a JSON path such as
 * {@code features[3].geometry.coordinates[0]} and, when the problem has a place on the map (a ring that crosses
 * itself, a hole outside its shell, the first point of a ring too short or flat), by its coordinates, so that an
 * editor can mark the spot.
 *
 * @param path    where in the document; {@code $} for the document itself
 * @param message what is wrong, with the value and a hint at the fix
 * @param lon     longitude of the place the problem is at, or null when it has none
 * @param lat     latitude of that place, or null
 */
public record ZoneProblem(String path, String message, @Nullable Double lon, @Nullable Double lat) {

    public ZoneProblem(String path, String message) {
        this(path, message, null, null);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
