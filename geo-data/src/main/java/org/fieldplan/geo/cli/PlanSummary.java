package org.fieldplan.geo.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.RouteEnd;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;

/** Prints a solved plan for people: the totals, the unassigned visits with reasons, and a table per shift. */
final class PlanSummary {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final PrintStream out;

    PlanSummary(PrintStream out) {
        this.out = out;
    }

    void print(FieldPlan plan, Map<String, List<String>> reasons, Map<String, List<String>> stopProblems) {
        int total = plan.getVisits().size();
        out.println("score " + plan.getScore() + (plan.getScore() != null && plan.getScore().isFeasible()
                ? " (feasible)" : " (NOT feasible: some hard constraint is broken, see the stops marked !)"));
        out.println("assigned " + plan.assignedCount() + " of " + total + " visits, unassigned "
                + plan.unassignedCount());
        out.println("travel " + duration(plan.travelSeconds()) + ", " + distance(plan.travelMetres()));

        List<Visit> unassigned = plan.getVisits().stream().filter(v -> !v.isAssigned()).toList();
        if (!unassigned.isEmpty()) {
            out.println();
            out.println("unassigned visits (" + unassigned.size() + "):");
            for (Visit visit : unassigned) {
                out.println("  " + visit.getId() + "  " + visit.getLabel() + "  (priority " + visit.getPriority()
                        + ")");
                List<String> why = reasons.getOrDefault(visit.getId(), List.of());
                if (why.isEmpty()) {
                    out.println("      - no reason found in the plan's rules; the solver may need more time");
                }
                for (String reason : why) {
                    out.println("      - " + reason);
                }
            }
        }
        for (Shift shift : plan.getShifts()) {
            out.println();
            shift(plan, shift, stopProblems);
        }
    }

    private void shift(FieldPlan plan, Shift shift, Map<String, List<String>> stopProblems) {
        out.println("shift " + shift.getId() + "  " + shift.getTechnician().name() + " (" + shift.getTechnician().id()
                + ")  " + shift.getDay().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " "
                + shift.getDay() + "  " + clock(plan, shift.getDay(), shift.getStartTime()) + "-"
                + clock(plan, shift.getDay(), shift.getLatestEnd()));
        if (shift.getVisits().isEmpty()) {
            out.println("  no visits");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "visit", "label", "arrive", "start", "end", "travel", ""});
        rows.add(new String[] {"", "", "leaves the start place", "", "", clock(plan, shift.getDay(),
                shift.getStartTime()), "", ""});
        List<Visit> route = shift.getVisits();
        for (int i = 0; i < route.size(); i++) {
            Visit visit = route.get(i);
            VisitTiming timing = visit.getTiming();
            List<String> problems = stopProblems.getOrDefault(visit.getId(), List.of());
            List<String> notes = new ArrayList<>();
            if (visit.isPinned()) {
                notes.add("pinned");
            }
            if (timing != null && timing.breakSeconds() > 0) {
                notes.add(duration(timing.breakSeconds()) + " break on the way");
            }
            if (timing != null && timing.waitingSeconds() > 0) {
                notes.add("waits " + duration(timing.waitingSeconds()));
            }
            if (!problems.isEmpty()) {
                notes.add("! " + String.join("; ", problems));
            }
            String note = String.join(", ", notes);
            if (timing == null) {
                rows.add(new String[] {String.valueOf(i + 1), visit.getId(), label(visit), "?", "?", "?", "", note});
                continue;
            }
            rows.add(new String[] {String.valueOf(i + 1), visit.getId(), label(visit),
                    clock(plan, shift.getDay(), timing.arrival()), clock(plan, shift.getDay(), timing.start()),
                    clock(plan, shift.getDay(), timing.departure()),
                    duration(timing.travelSeconds()) + ", " + distance(timing.travelMetres()), note});
        }
        RouteEnd end = shift.routeEnd();
        rows.add(new String[] {"", "", "back at the end place", clock(plan, shift.getDay(), end.end()), "", "",
                duration(end.travelSeconds()) + ", " + distance(end.travelMetres()),
                (end.breakSeconds() > 0 ? duration(end.breakSeconds()) + " break on the way" : "")
                        + (end.reachable() ? "" : "! no road back")});
        table(rows);
        out.println("  ends " + clock(plan, shift.getDay(), end.end()) + "; travel " + duration(shift.travelSeconds())
                + ", " + distance(shift.travelMetres())
                + (shift.overtimeSeconds() > 0 ? "; overtime " + duration(shift.overtimeSeconds()) : "")
                + (shift.hasCapacityLimit() ? "; load " + shift.totalDemand() + " of " + shift.getCapacity() : ""));
    }

    private void table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                boolean right = c == 0;
                String cell = row[c];
                String pad = " ".repeat(widths[c] - cell.length());
                line.append(right ? pad + cell : cell + (c == columns - 1 ? "" : pad));
                if (c < columns - 1) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String label(Visit visit) {
        String label = visit.getLabel();
        return label.length() <= 36 ? label : label.substring(0, 35) + "…";
    }

    /** "09:30", or "09:30+1" when the time falls on a later day than the shift's date. */
    static String clock(FieldPlan plan, java.time.LocalDate day, long seconds) {
        LocalDateTime time = plan.toDateTime(seconds);
        long days = java.time.temporal.ChronoUnit.DAYS.between(day, time.toLocalDate());
        return CLOCK.format(time) + (days == 0 ? "" : (days > 0 ? "+" : "") + days);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = Math.round(seconds / 60.0);
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h " + String.format("%02d", minutes % 60) + " min";
    }

    static String distance(long metres) {
        if (metres < 1000) {
            return metres + " m";
        }
        return String.format(Locale.ROOT, "%.1f km", metres / 1000.0);
    }
}
