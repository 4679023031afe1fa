package org.fieldplan.geo.road;

/** A named street of the map and a point on it (one per name and neighbourhood): address suggestions use these. */
public record StreetPoint(String name, double lat, double lon) {}
