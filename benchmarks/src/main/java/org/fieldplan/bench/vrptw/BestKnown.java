package org.fieldplan.bench.vrptw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The best-known table ({@code bks.csv}). The gap is measured against {@link #reference()}: {@code distance_only},
 * the best known total distance when only distance is minimised, unless the table's DIMACS optimum
 * ({@code dimacs_cost_x10 / 10}) is higher. The DIMACS optima are proven optima of the same instances with every
 * distance and travel time truncated to one decimal: truncation only shortens legs and makes arrivals earlier, so
 * every plan feasible with exact distances stays feasible and costs no more there, and the DIMACS optimum is a lower
 * bound on the exact-distance optimum. A {@code distance_only} below it (R109: 1101.37 against 1146.9; RC103:
 * 1249.86 against 1258.0) cannot be reached under the exact rules and would make every solver look worse than it is.
 *
 * @param dimacsOptimum the DIMACS optimum in distance units, NaN when the table has no such column
 */
public record BestKnown(String instance, double distanceOnly, int distanceOnlyVehicles, double hierarchicalDistance,
                        int hierarchicalVehicles, double dimacsOptimum) {

    public BestKnown(String instance, double distanceOnly, int distanceOnlyVehicles, double hierarchicalDistance,
            int hierarchicalVehicles) {
        this(instance, distanceOnly, distanceOnlyVehicles, hierarchicalDistance, hierarchicalVehicles, Double.NaN);
    }

    /** What a distance is measured against: {@code distance_only}, or the DIMACS optimum when that is higher. */
    public double reference() {
        return isDimacsReference() ? dimacsOptimum : distanceOnly;
    }

    /** Whether {@link #reference()} is the DIMACS lower bound ({@code distance_only} lies below it). */
    public boolean isDimacsReference() {
        return !Double.isNaN(dimacsOptimum) && dimacsOptimum > distanceOnly;
    }

    /** The words for the report's "reference is" column. */
    public String referenceKind() {
        return isDimacsReference() ? "DIMACS optimum (distance_only " + String.format(java.util.Locale.ROOT, "%.2f",
                distanceOnly) + " is below this lower bound)" : "best known";
    }

    public static Map<String, BestKnown> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the best-known table " + file + ". Check --bks.", e);
        }
        return parse(lines, file.toString());
    }

    public static Map<String, BestKnown> parse(List<String> lines, String source) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(source + " is empty; expected a header with instance and distance_only.");
        }
        List<String> header = Arrays.stream(lines.get(0).strip().split(",")).map(String::strip).toList();
        int iInstance = column(header, "instance", source);
        int iDistOnly = column(header, "distance_only", source);
        int iDistOnlyVeh = column(header, "distance_only_vehicles", source);
        int iDist = column(header, "distance", source);
        int iVeh = column(header, "vehicles", source);
        int iDimacs = header.indexOf("dimacs_cost_x10");
        Map<String, BestKnown> result = new LinkedHashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = splitCsv(line);
            try {
                result.put(cells[iInstance].strip().toUpperCase(),
                        new BestKnown(cells[iInstance].strip().toUpperCase(),
                                Double.parseDouble(cells[iDistOnly].strip()),
                                Integer.parseInt(cells[iDistOnlyVeh].strip()),
                                Double.parseDouble(cells[iDist].strip()),
                                Integer.parseInt(cells[iVeh].strip()),
                                iDimacs < 0 || iDimacs >= cells.length || cells[iDimacs].isBlank() ? Double.NaN
                                        : Double.parseDouble(cells[iDimacs].strip()) / 10.0));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + " ('" + line
                        + "'): cannot read instance/distance_only/vehicles: " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static int column(List<String> header, String name, String source) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(source + ": no column '" + name + "' in the header " + header);
        }
        return i;
    }

    /** Splits one CSV line, honouring double quotes (the source column may contain commas). */
    static String[] splitCsv(String line) {
        java.util.ArrayList<String> cells = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }
}
