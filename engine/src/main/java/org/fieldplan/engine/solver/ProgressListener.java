package org.fieldplan.engine.solver;

/** Told about each new best plan while solving (on the solver's thread: return quickly). */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> {
    };

    void onNewBest(Progress progress);
}
