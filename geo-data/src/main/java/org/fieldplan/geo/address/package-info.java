/**
 * The address index's raw material, read from the same OpenStreetMap extract as the road network: house numbers
 * ({@code addr:housenumber} + {@code addr:street} on nodes and ways), named streets (one entry per street per
 * locality) and the locality each lies in (the administrative boundary of a configured level holding it, assembled
 * with JTS; else the nearest place node of a city, town, village or suburb). Plain
 * records out; the service stores and searches them. GraphHopper's OSM reader is used only inside this package.
 */
@NullMarked
package org.fieldplan.geo.address;

import org.jspecify.annotations.NullMarked;
