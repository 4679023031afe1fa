package org.fieldplan.bench.vrptw;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Turns the outcomes into the console table, the CSV, the markdown and the average-gap line. */
final class Report {

    private final BenchmarkOptions options;
    private final Map<String, BestKnown> bks;
    /** instance -> solver -> outcome, in the order of the options. */
    private final Map<String, Map<String, VrptwBenchmark.Outcome>> byInstance = new LinkedHashMap<>();

    Report(BenchmarkOptions options, Map<String, BestKnown> bks, List<VrptwBenchmark.Outcome> outcomes) {
        this.options = options;
        this.bks = bks;
        for (String instance : options.instances()) {
            byInstance.put(instance, new LinkedHashMap<>());
        }
        for (VrptwBenchmark.Outcome o : outcomes) {
            byInstance.computeIfAbsent(o.instance(), k -> new LinkedHashMap<>()).put(o.solver(), o);
        }
    }

    static double gap(double distance, double best) {
        return (distance - best) / best * 100.0;
    }

    /** A gap with two decimals, never "-0.00". */
    static String formatGap(double gap) {
        String s = String.format(Locale.ROOT, "%.2f", gap);
        return s.equals("-0.00") ? "0.00" : s;
    }

    /**
     * What an instance's answers are measured against: the table's reference ({@link BestKnown#reference()}) when the
     * table has the instance, else the shortest feasible answer of this run (NaN when there is none).
     */
    double reference(String instance) {
        BestKnown best = bks.get(instance);
        if (best != null) {
            return best.reference();
        }
        double shortest = Double.NaN;
        Map<String, VrptwBenchmark.Outcome> row = byInstance.get(instance);
        if (row != null) {
            for (VrptwBenchmark.Outcome o : row.values()) {
                if (o.feasible() && (Double.isNaN(shortest) || o.check().distance() < shortest)) {
                    shortest = o.check().distance();
                }
            }
        }
        return shortest;
    }

    /** How many instances are measured against the best answer of the run, not a best known. */
    int runReferenced() {
        int n = 0;
        for (String instance : byInstance.keySet()) {
            if (!bks.containsKey(instance)) {
                n++;
            }
        }
        return n;
    }

    /** Average gap of the feasible solutions of one solver, or NaN when it has none. */
    double averageGap(String solver) {
        double sum = 0;
        int n = 0;
        for (var e : byInstance.entrySet()) {
            VrptwBenchmark.Outcome o = e.getValue().get(solver);
            double reference = reference(e.getKey());
            if (o != null && !Double.isNaN(reference) && o.feasible()) {
                sum += gap(o.check().distance(), reference);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Average number of vehicles of the feasible solutions of one solver, or NaN when it has none. */
    double averageVehicles(String solver) {
        double sum = 0;
        int n = 0;
        for (Map<String, VrptwBenchmark.Outcome> row : byInstance.values()) {
            VrptwBenchmark.Outcome o = row.get(solver);
            if (o != null && o.feasible()) {
                sum += o.check().vehicles();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    int failures(String solver) {
        int n = 0;
        for (var row : byInstance.values()) {
            VrptwBenchmark.Outcome o = row.get(solver);
            if (o == null || !o.feasible()) {
                n++;
            }
        }
        return n;
    }

    String averageLine() {
        List<String> parts = new ArrayList<>();
        for (String s : options.solvers()) {
            double g = averageGap(s);
            parts.add(s + " " + (Double.isNaN(g) ? "n/a" : formatGap(g) + "%"));
        }
        int fromRun = runReferenced();
        String note = fromRun == 0 ? ""
                : fromRun == byInstance.size() ? " (against the best answer of this run: no best-known table)"
                : " (" + fromRun + " of " + byInstance.size() + " instances against the best answer of this run)";
        return "average gap: " + String.join(" | ", parts) + note;
    }

    /** Average vehicles per solver (feasible answers only). */
    String vehiclesLine() {
        List<String> parts = new ArrayList<>();
        for (String s : options.solvers()) {
            double v = averageVehicles(s);
            parts.add(s + " " + (Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v)));
        }
        return "average vehicles: " + String.join(" | ", parts);
    }

    List<String> failureLines() {
        List<String> parts = new ArrayList<>();
        for (String s : options.solvers()) {
            parts.add(s + " " + failures(s) + "/" + byInstance.size());
        }
        return List.of("infeasible or incomplete (failures, not in the average): " + String.join(" | ", parts));
    }

    private List<String> header() {
        List<String> h = new ArrayList<>(List.of("instance", "reference", "reference is"));
        for (String s : options.solvers()) {
            h.addAll(List.of(s + " distance", s + " vehicles", s + " gap %", s + " feasible"));
        }
        return h;
    }

    private List<List<String>> rows(boolean forCsv) {
        List<List<String>> rows = new ArrayList<>();
        for (var e : byInstance.entrySet()) {
            double reference = reference(e.getKey());
            List<String> row = new ArrayList<>();
            row.add(e.getKey());
            row.add(Double.isNaN(reference) ? "" : String.format(Locale.ROOT, "%.2f", reference));
            row.add(bks.containsKey(e.getKey()) ? bks.get(e.getKey()).referenceKind() : "best of run");
            for (String s : options.solvers()) {
                VrptwBenchmark.Outcome o = e.getValue().get(s);
                if (o == null || o.error() != null) {
                    row.addAll(List.of("", "", "", forCsv ? "error" : "ERROR"));
                    continue;
                }
                row.add(String.format(Locale.ROOT, "%.2f", o.check().distance()));
                row.add(Integer.toString(o.check().vehicles()));
                row.add(Double.isNaN(reference) || !o.feasible() ? "" : formatGap(gap(o.check().distance(), reference)));
                row.add(o.feasible() ? "yes" : "NO");
            }
            rows.add(row);
        }
        return rows;
    }

    String table() {
        List<String> h = header();
        List<List<String>> rows = rows(false);
        int[] width = new int[h.size()];
        for (int i = 0; i < h.size(); i++) {
            width[i] = h.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendAligned(sb, h, width);
        for (List<String> r : rows) {
            appendAligned(sb, r, width);
        }
        return sb.toString();
    }

    private static void appendAligned(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(i == 0 ? String.format("%-" + width[i] + "s", c) : String.format("  %" + width[i] + "s", c));
        }
        sb.append('\n');
    }

    String csv(String provenance) {
        StringBuilder sb = new StringBuilder();
        for (String line : provenance.split("\n")) {
            sb.append("# ").append(line).append('\n');
        }
        sb.append(String.join(",", header())).append('\n');
        for (List<String> r : rows(true)) {
            sb.append(String.join(",", r)).append('\n');
        }
        return sb.toString();
    }

    String markdown(String provenance) {
        StringBuilder sb = new StringBuilder("# VRPTW benchmark (" + options.dir().getFileName() + ", "
                + options.seconds() + " s per instance)\n\n");
        for (String line : provenance.split("\n")) {
            sb.append("- ").append(line).append('\n');
        }
        sb.append('\n');
        List<String> h = header();
        sb.append("| ").append(String.join(" | ", h)).append(" |\n");
        sb.append("|").append("---|".repeat(h.size())).append('\n');
        for (List<String> r : rows(false)) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        sb.append('\n');
        for (String f : failureLines()) {
            sb.append(f).append("\n\n");
        }
        sb.append(vehiclesLine()).append("\n\n");
        sb.append("**").append(averageLine()).append("**\n");
        return sb.toString();
    }

    String provenance(String command) {
        List<String> lines = new ArrayList<>();
        lines.add("command: " + command);
        lines.add("commit: " + git("rev-parse", "HEAD") + (git("status", "--porcelain").isBlank() ? "" : " (with uncommitted changes)"));
        lines.add("JDK: " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        lines.add("date (UTC): " + java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).withNano(0));
        lines.add("machine load (/proc/loadavg at the end; above the core count means other work competed): "
                + loadAverage());
        lines.add(String.format("settings: %d s per instance and solver, one solver thread each, %d job(s) at once,"
                        + " seed %d, warm-up %d s; distances recomputed by the checker in double precision;"
                        + " gap against %s", options.seconds(), options.parallel(),
                options.seed(), options.warmupSeconds(), options.bks() == null
                        ? "the shortest feasible answer of this run (no best-known table)"
                        : "the best-known table's distance_only, or its DIMACS optimum where distance_only lies below that"
                        + " lower bound (" + options.bks() + "), else the run's shortest answer"));
        for (String s : options.solvers()) {
            lines.add(s + ": " + VrptwBenchmark.solverNamed(s).settings());
        }
        return String.join("\n", lines);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "unknown (git " + String.join(" ", args) + " failed: " + text + ")";
            }
            return text;
        } catch (IOException e) {
            return "unknown (git not runnable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
