/** FieldPlan engine: travel. */
@NullMarked
package org.fieldplan.engine.travel;

import org.jspecify.annotations.NullMarked;
