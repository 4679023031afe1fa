/**
 * The command line: {@link org.fieldplan.geo.cli.SolveCommand} is the main of {@code ./fieldplan solve}.
 */
@NullMarked
package org.fieldplan.geo.cli;

import org.jspecify.annotations.NullMarked;
