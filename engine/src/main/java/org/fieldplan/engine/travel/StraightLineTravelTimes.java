package org.fieldplan.engine.travel;

import java.util.List;

/**
 * Travel by straight line: the haversine distance times a detour factor, driven at a constant speed.
 * Used when no road network is configured, and in tests. Every pair is reachable.
 *
 * @param speedKmh     average speed in km/h, > 0 (e.g. 30 in a city)
 * @param detourFactor road distance / straight-line distance, >= 1 (e.g. 1.3)
 */
public record StraightLineTravelTimes(double speedKmh, double detourFactor) implements TravelTimes {

    public StraightLineTravelTimes {
        if (!(speedKmh > 0.0) || Double.isInfinite(speedKmh)) {
            throw new IllegalArgumentException("The speed (" + speedKmh + " km/h) must be a positive number, e.g. 30.");
        }
        if (!(detourFactor >= 1.0) || Double.isInfinite(detourFactor)) {
            throw new IllegalArgumentException("The detour factor (" + detourFactor
                    + ") must be at least 1 (road distance / straight-line distance), e.g. 1.3.");
        }
    }

    /** Road metres between two points: straight line times the detour factor, rounded. */
    public int metres(GeoPoint from, GeoPoint to) {
        return (int) Math.round(from.haversineMetres(to) * detourFactor);
    }

    /** Seconds for a leg of the given road metres at this speed, rounded. */
    public int secondsFor(int metres) {
        return (int) Math.round(metres / (speedKmh / 3.6));
    }

    @Override
    public TravelMatrix matrix(List<GeoPoint> points) {
        int n = points.size();
        int[] seconds = new int[n * n];
        int[] metres = new int[n * n];
        for (int i = 0; i < n; i++) {
            GeoPoint from = points.get(i);
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                int m = metres(from, points.get(j));
                metres[i * n + j] = m;
                seconds[i * n + j] = secondsFor(m);
            }
        }
        return TravelMatrix.of(n, seconds, metres);
    }
}
