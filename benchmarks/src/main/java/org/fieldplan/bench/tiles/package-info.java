/** {@code ./fieldplan bench tiles}: the base map's build and its tile endpoint under 32 concurrent clients. */
@NullMarked
package org.fieldplan.bench.tiles;

import org.jspecify.annotations.NullMarked;
