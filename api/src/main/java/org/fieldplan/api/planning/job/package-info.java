/**
 * Planning jobs: the engine solving a scope of days and zones in the background (Timefold's {@code SolverManager}),
 * progress streamed as server-sent events, the best plan stored as it improves, stop, resume after a restart,
 * publish. See docs/planning.md.
 */
@NullMarked
package org.fieldplan.api.planning.job;

import org.jspecify.annotations.NullMarked;
