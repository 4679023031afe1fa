/** The set-up screens: pages over the zone, schedule, technician, service type and user APIs. */
@NullMarked
package org.fieldplan.api.setup;

import org.jspecify.annotations.NullMarked;
