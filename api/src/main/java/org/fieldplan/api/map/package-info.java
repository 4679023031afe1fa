/**
 * The road map inside the service: one {@link org.fieldplan.api.map.RoadMap} owns the GraphHopper network of the
 * deployment's OpenStreetMap extract and answers travel matrices and route geometry for planning, booking and
 * route sheets.
 */
@NullMarked
package org.fieldplan.api.map;

import org.jspecify.annotations.NullMarked;
