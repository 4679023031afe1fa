/**
 * Solomon VRPTW benchmark: FieldPlan against jsprit and OR-Tools, each solution re-checked
 * independently and compared with the best known distance.
 */
@NullMarked
package org.fieldplan.bench.vrptw;

import org.jspecify.annotations.NullMarked;
