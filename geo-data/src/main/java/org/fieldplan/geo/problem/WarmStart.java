package org.fieldplan.geo.problem;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes of a previous solution to start solving from: for each shift id, its visit ids in route order. Read
 * from a solution file written by {@link SolutionWriter} (only {@code shifts[].id} and
 * {@code shifts[].visits[].id} are used), so {@code solve --from FILE.solution.json} continues where an earlier
 * run stopped. Shifts or visits no longer in the problem are skipped with a warning at assembly.
 *
 * @param source what the routes were read from, for messages
 */
public record WarmStart(String source, Map<String, List<String>> routes) {

    public WarmStart {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        routes.forEach((shift, visits) -> copy.put(shift, List.copyOf(visits)));
        routes = java.util.Collections.unmodifiableMap(copy);
    }

    /** Reads the routes of a solution file; every error is reported at once. */
    public static WarmStart read(Path solutionFile) throws IOException, ProblemFormatException {
        String source = solutionFile.toString();
        return read(source, Files.readString(solutionFile, StandardCharsets.UTF_8));
    }

    public static WarmStart read(String source, String json) throws ProblemFormatException {
        JsonNode root = ProblemReader.parse(source, json);
        ErrorCollector errors = new ErrorCollector();
        Map<String, List<String>> routes = new LinkedHashMap<>();
        Map<String, String> routeOfVisit = new HashMap<>();
        Fields top = Fields.of(root, "", errors);
        if (top != null) {
            for (Fields shift : top.objects("shifts", true)) {
                String shiftId = shift.id("id", true);
                List<String> visits = new ArrayList<>();
                for (Fields visit : shift.objects("visits", false)) {
                    String visitId = visit.id("id", true);
                    if (visitId == null) {
                        continue;
                    }
                    String other = routeOfVisit.putIfAbsent(visitId, shiftId == null ? "?" : shiftId);
                    if (other != null) {
                        visit.error("id", "visit \"" + visitId + "\" is already in the route of shift \"" + other
                                + "\"; a visit belongs to at most one route");
                    } else {
                        visits.add(visitId);
                    }
                }
                if (shiftId != null) {
                    if (routes.containsKey(shiftId)) {
                        shift.error("id", "shift \"" + shiftId + "\" appears twice");
                    } else {
                        routes.put(shiftId, visits);
                    }
                }
            }
        }
        errors.throwIfAny(source);
        return new WarmStart(source, routes);
    }
}
