package org.fieldplan.geo.address;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the address index: a door (a house number on a street) or a street in a locality.
 *
 * @param kind        {@link Kind#HOUSE} or {@link Kind#STREET}
 * @param street      the street's name as the map writes it ({@code name}, or {@code addr:street} for a house)
 * @param streetAlt   other names of the street ({@code name:en}, {@code name:ru}, ...) joined by {@code ;}, or empty
 * @param houseNumber the number of a house; null for a street
 * @param locality    the locality it lies in: the administrative boundary holding it (a local council), else the
 *                    nearest place node (city, town, village or suburb); empty if none
 * @param localityAlt other names of the locality (and of a place inside the boundary, e.g. Buġibba), joined by
 *                    {@code ;}, or empty
 * @param lat         the door (node, or the centre of a building's outline), or a point on the street
 * @param lon         longitude, WGS 84
 * @param osmId       the OSM element it came from ({@code n123}, {@code w456}); for a street the way nearest its middle
 */
public record AddressEntry(Kind kind, String street, String streetAlt, @Nullable String houseNumber, String locality,
        String localityAlt, double lat, double lon, String osmId) {

    public enum Kind {
        HOUSE, STREET;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
