/** The Timefold model around the domain: constraints, solver configuration, the solve facade, explanations. */
@NullMarked
package org.fieldplan.engine.solver;

import org.jspecify.annotations.NullMarked;
