package org.fieldplan.geo.zone;

/**
 * One thing wrong (or fixed) in a zone document, located by a JSON path such as
 * {@code features[3].geometry.coordinates[0]}.
 *
 * @param path    where in the document; {@code $} for the document itself
 * @param message what is wrong, with the value and a hint at the fix
 */
public record ZoneProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
