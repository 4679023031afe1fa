/** Technicians (skills, home base, active flag, team), the skill catalogue and teams. */
@NullMarked
package org.fieldplan.api.technician;

import org.jspecify.annotations.NullMarked;
