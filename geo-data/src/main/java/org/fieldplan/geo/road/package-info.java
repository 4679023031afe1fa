/**
 * The road network: GraphHopper on an OpenStreetMap extract (car profile, contraction hierarchies),
 * a graph cache on disk keyed by GraphHopper version, extract checksum and profile, a many-to-many
 * travel matrix on the CH graph (bucket technique) and route geometry.
 *
 * <p>GraphHopper stays inside this package: the rest of FieldPlan sees {@link
 * org.fieldplan.engine.travel.TravelTimes} ({@link org.fieldplan.geo.road.RoadTravelTimes}) and the
 * plain records here.
 */
@NullMarked
package org.fieldplan.geo.road;

import org.jspecify.annotations.NullMarked;
