package org.fieldplan.engine.slots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every window asked for, in day and time order; {@link #bestFirst()} orders the available ones by grade. */
public record WindowSearchResult(List<WindowAnswer> answers) {

    public WindowSearchResult {
        answers = List.copyOf(answers);
    }

    /** The available windows, best (lowest rank) first. */
    public List<WindowAnswer> bestFirst() {
        List<WindowAnswer> out = new ArrayList<>();
        for (WindowAnswer a : answers) {
            if (a.available()) {
                out.add(a);
            }
        }
        out.sort(Comparator.comparingInt(WindowAnswer::rank));
        return out;
    }

    public int availableCount() {
        int n = 0;
        for (WindowAnswer a : answers) {
            if (a.available()) {
                n++;
            }
        }
        return n;
    }
}
