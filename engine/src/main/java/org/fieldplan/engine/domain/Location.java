package org.fieldplan.engine.domain;

import org.fieldplan.engine.travel.GeoPoint;

/**
 * A place in a plan: its index into the plan's {@link org.fieldplan.engine.travel.TravelMatrix}
 * (assigned once when the plan is assembled) and its coordinates (for maps and explanations).
 */
public record Location(int index, double lat, double lon) {

    public Location {
        if (index < 0) {
            throw new IllegalArgumentException("The location index (" + index + ") is negative; indexes start at 0.");
        }
    }

    public GeoPoint point() {
        return new GeoPoint(lat, lon);
    }
}
