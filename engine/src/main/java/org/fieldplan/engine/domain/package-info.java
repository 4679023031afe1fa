/** FieldPlan engine: domain. */
@NullMarked
package org.fieldplan.engine.domain;

import org.jspecify.annotations.NullMarked;
