package org.fieldplan.geo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldplan.engine.solver.Progress;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private static Progress best(long soft, int assigned, int unassigned) {
        return new Progress(HardMediumSoftScore.of(0, -unassigned, soft), assigned, unassigned, 0, 0, Duration.ZERO);
    }

    private void advanceMillis(long millis) {
        clock.addAndGet(millis * 1_000_000L);
    }

    @Test
    void withoutATerminalPrintsAtMostOneLinePerSecondAndTheLastBestAtTheEnd() {
        try (ProgressLine line = new ProgressLine(out, false, clock::get)) {
            advanceMillis(200);
            line.onNewBest(best(-500, 3, 2));
            advanceMillis(300);
            line.onNewBest(best(-400, 4, 1)); // within a second of the last line: held back
            advanceMillis(1200);
            line.onNewBest(best(-300, 4, 1));
            advanceMillis(100);
            line.onNewBest(best(-250, 5, 0)); // held back, printed on close
            advanceMillis(100);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(text).doesNotContain("\r");
        assertThat(text.lines()).containsExactly(
                "solving    0.2 s  best 0hard/-2medium/-500soft  assigned 3, unassigned 2",
                "solving    1.7 s  best 0hard/-1medium/-300soft  assigned 4, unassigned 1",
                "solving    1.9 s  best 0hard/0medium/-250soft  assigned 5, unassigned 0");
    }

    @Test
    void onATerminalRedrawsOneLineWithCarriageReturns() {
        try (ProgressLine line = new ProgressLine(out, true, clock::get)) {
            line.onNewBest(best(-500, 3, 2));
            advanceMillis(2500);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(text).startsWith("\r").endsWith(System.lineSeparator());
        String[] frames = text.split("\r");
        assertThat(frames[frames.length - 1]).startsWith("solving    2.5 s  best 0hard/-2medium/-500soft  assigned 3, unassigned 2");
        assertThat(text.chars().filter(c -> c == '\n').count()).as("one line, ended once").isEqualTo(1);
    }
}
