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
 * The best-known table ({@code bks.csv}). The gap is measured against {@code distance_only}: the
 * best known total distance when only distance is minimised.
 */
public record BestKnown(String instance, double distanceOnly, int distanceOnlyVehicles, double hierarchicalDistance,
                        int hierarchicalVehicles) {

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
                                Integer.parseInt(cells[iVeh].strip())));
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
