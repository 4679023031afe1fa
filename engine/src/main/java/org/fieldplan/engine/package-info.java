/** FieldPlan's planning core: no framework but Timefold Solver. */
@NullMarked
package org.fieldplan.engine;

import org.jspecify.annotations.NullMarked;
