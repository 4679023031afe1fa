/**
 * Schedules (the workload chart): working intervals of a technician or a whole team, optionally in one zone, on a
 * date or weekly. Overlaps for one technician are accepted and reported as warnings, as dispatchers expect.
 */
@NullMarked
package org.fieldplan.api.schedule;

import org.jspecify.annotations.NullMarked;
