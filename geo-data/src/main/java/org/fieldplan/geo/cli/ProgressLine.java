package org.fieldplan.geo.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.fieldplan.engine.solver.Progress;
import org.fieldplan.engine.solver.ProgressListener;
import org.jspecify.annotations.Nullable;

/**
 * Shows solving progress: elapsed time, best score, assigned and unassigned visits. On a terminal one line is
 * redrawn in place (carriage return) twice a second, so the elapsed time moves even while no better plan is
 * found; otherwise (a pipe, a log file) a plain line is printed for a new best at most once a second, and the
 * last best when solving ends.
 */
final class ProgressLine implements ProgressListener, AutoCloseable {

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final @Nullable ScheduledExecutorService ticker;
    private @Nullable Progress best;
    private boolean bestPrinted = true;
    private long lastPlainLineNanos = Long.MIN_VALUE;
    private int lastWidth;

    ProgressLine(PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        if (terminal) {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fieldplan-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::redraw, 0, 500, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void onNewBest(Progress progress) {
        best = progress;
        bestPrinted = false;
        if (!terminal) {
            long now = nanoTime.getAsLong();
            if (lastPlainLineNanos == Long.MIN_VALUE || now - lastPlainLineNanos >= 1_000_000_000L) {
                lastPlainLineNanos = now;
                bestPrinted = true;
                out.println(text(Duration.ofNanos(now - startNanos)));
                out.flush();
            }
        }
    }

    private synchronized void redraw() {
        String line = text(Duration.ofNanos(nanoTime.getAsLong() - startNanos));
        int width = line.length();
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - width)));
        out.flush();
        lastWidth = width;
    }

    private String text(Duration elapsed) {
        String time = String.format("%6.1f s", elapsed.toMillis() / 1000.0);
        if (best == null) {
            return "solving " + time + "  (building a first plan)";
        }
        return "solving " + time + "  best " + best.score() + "  assigned " + best.assigned() + ", unassigned "
                + best.unassigned();
    }

    /** Stops the live line and leaves the cursor on a fresh line. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            redraw();
            out.println();
        } else if (!bestPrinted && best != null) {
            out.println(text(Duration.ofNanos(nanoTime.getAsLong() - startNanos)));
        }
        out.flush();
    }
}
