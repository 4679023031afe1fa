/**
 * Service zones: polygons on a city map read from and written to GeoJSON (RFC 7946), validated with
 * errors that say where the boundary is wrong, and a spatial index answering "which zones contain
 * this point".
 *
 * <p>Coordinates follow GeoJSON: longitude first, then latitude (JTS x = longitude, y = latitude).
 */
@NullMarked
package org.fieldplan.geo.zone;

import org.jspecify.annotations.NullMarked;
