/** The road-matrix benchmark: many-to-many on the CH graph against point-to-point CH routes. */
@NullMarked
package org.fieldplan.bench.matrix;

import org.jspecify.annotations.NullMarked;
