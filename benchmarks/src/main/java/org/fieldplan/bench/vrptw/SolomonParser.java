package org.fieldplan.bench.vrptw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Solomon's text format. Column positions differ between files, so rows are recognised by
 * their shape: after the {@code VEHICLE} header the first row of two integers is fleet size and
 * capacity; after the {@code CUSTOMER} header every row of exactly seven integers is a node. Line
 * endings may be CRLF or LF.
 */
public final class SolomonParser {

    private SolomonParser() {
    }

    public static SolomonInstance read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Solomon instance " + file
                    + ". Check --dir (or FIELDPLAN_DATA_DIR).", e);
        }
        String fallbackName = file.getFileName().toString().replaceFirst("\\.txt$", "");
        return parse(text, fallbackName, file.toString());
    }

    /**
     * @param source where the text came from, for error messages
     */
    public static SolomonInstance parse(String text, String fallbackName, String source) {
        String[] lines = text.split("\r\n|\r|\n");
        String name = null;
        int vehicles = -1;
        int capacity = -1;
        boolean inVehicle = false;
        boolean inCustomer = false;
        List<SolomonInstance.Node> nodes = new ArrayList<>();
        for (int lineNo = 0; lineNo < lines.length; lineNo++) {
            String line = lines[lineNo].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (name == null) {
                name = line;
                continue;
            }
            if (line.equalsIgnoreCase("VEHICLE")) {
                inVehicle = true;
                continue;
            }
            if (line.equalsIgnoreCase("CUSTOMER")) {
                inVehicle = false;
                inCustomer = true;
                continue;
            }
            long[] ints = integers(line);
            if (ints == null) {
                continue; // a header row such as "NUMBER CAPACITY" or "CUST NO. XCOORD. ..."
            }
            if (inVehicle && vehicles < 0) {
                if (ints.length != 2) {
                    throw error(source, lineNo, line, "the VEHICLE section needs 'NUMBER CAPACITY' (two integers)");
                }
                vehicles = (int) ints[0];
                capacity = (int) ints[1];
            } else if (inCustomer) {
                if (ints.length != 7) {
                    throw error(source, lineNo, line,
                            "a CUSTOMER row needs seven integers (no, x, y, demand, ready, due, service), found " + ints.length);
                }
                SolomonInstance.Node node = new SolomonInstance.Node((int) ints[0], (int) ints[1], (int) ints[2],
                        (int) ints[3], (int) ints[4], (int) ints[5], (int) ints[6]);
                if (node.due() < node.ready()) {
                    throw error(source, lineNo, line, "customer " + node.id() + " has due date " + node.due()
                            + " before its ready time " + node.ready());
                }
                nodes.add(node);
            }
        }
        if (vehicles <= 0 || capacity <= 0) {
            throw new IllegalArgumentException(source + ": no VEHICLE section with a positive fleet size and capacity"
                    + " (found vehicles=" + vehicles + ", capacity=" + capacity + "). Is this a Solomon instance?");
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(source + ": no seven-integer rows after the CUSTOMER header."
                    + " Is this a Solomon instance?");
        }
        if (nodes.get(0).id() != 0) {
            throw new IllegalArgumentException(source + ": the first CUSTOMER row must be the depot (id 0), found id "
                    + nodes.get(0).id());
        }
        return new SolomonInstance(name == null ? fallbackName : name, vehicles, capacity, nodes);
    }

    private static IllegalArgumentException error(String source, int lineNo, String line, String what) {
        return new IllegalArgumentException(source + " line " + (lineNo + 1) + " ('" + line + "'): " + what);
    }

    /** The row's whitespace-separated integers, or null when any token is not an integer. */
    private static long @org.jspecify.annotations.Nullable [] integers(String line) {
        String[] tokens = line.split("\\s+");
        long[] result = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty() || !t.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '-')) {
                return null;
            }
            try {
                result[i] = Long.parseLong(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return result;
    }
}
