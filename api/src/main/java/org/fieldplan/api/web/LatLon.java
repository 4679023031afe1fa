package org.fieldplan.api.web;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.fieldplan.api.persistence.Geo;
import org.locationtech.jts.geom.Point;

/** A place on the wire: WGS 84 latitude and longitude in degrees. */
public record LatLon(
        @NotNull @DecimalMin(value = "-90", message = "must be a latitude between -90 and 90 degrees")
        @DecimalMax(value = "90", message = "must be a latitude between -90 and 90 degrees") Double lat,
        @NotNull @DecimalMin(value = "-180", message = "must be a longitude between -180 and 180 degrees")
        @DecimalMax(value = "180", message = "must be a longitude between -180 and 180 degrees") Double lon) {

    public Point toPoint() {
        return Geo.point(lat, lon);
    }

    public static LatLon of(org.locationtech.jts.geom.Geometry point) {
        Point p = (Point) point;
        return new LatLon(p.getY(), p.getX());
    }
}
