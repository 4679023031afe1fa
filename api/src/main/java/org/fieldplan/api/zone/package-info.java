/**
 * Service zones: polygons on a city map (GeoJSON in and out, validated by geo-data's reader), their city,
 * responsible dispatcher and the service types offered there.
 */
@NullMarked
package org.fieldplan.api.zone;

import org.jspecify.annotations.NullMarked;
