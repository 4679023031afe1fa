package org.fieldplan.geo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command's main logic on the example problems and checks the solution file against the problem file
 * with arithmetic of its own (haversine travel, windows, skills, zones as the example's rectangles), not with the
 * engine's code.
 */
class SolveCommandTest {

    private static final Path EXAMPLES = Path.of("..", "docs", "examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int solve(String... args) {
        stdout.reset();
        stderr.reset();
        return new SolveCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false).run(args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private Path copyExample(String name) throws Exception {
        Path copy = dir.resolve(name);
        Files.copy(EXAMPLES.resolve(name), copy);
        return copy;
    }

    @Test
    void solvesTheMaltaExampleAndWritesASolutionThatHoldsUpToIndependentChecks() throws Exception {
        Path problemFile = copyExample("malta-two-days.json");

        int exit = solve(problemFile.toString(), "--seconds", "4", "--seed", "7");

        assertThat(exit).as("stderr:%n%s", err()).isEqualTo(0);
        Path solutionFile = dir.resolve("malta-two-days.solution.json");
        assertThat(solutionFile).exists();
        JsonNode problem = JSON.readTree(problemFile.toFile());
        JsonNode solution = JSON.readTree(solutionFile.toFile());

        checkSolution(problem, solution, 30.0, 1.3);

        // the boiler visit needs a skill nobody has: it can only be unassigned
        assertThat(ids(solution.get("unassignedVisits"))).contains("v-21");
        for (JsonNode unassigned : solution.get("unassignedVisits")) {
            assertThat(unassigned.get("reasons")).as("reasons for %s", unassigned.get("id")).isNotEmpty();
            if (unassigned.get("id").asText().equals("v-21")) {
                assertThat(unassigned.get("reasons").get(0).asText()).contains("boiler");
            }
        }
        // v-13 is pinned to position 0 of s-2
        JsonNode s2 = shiftById(solution, "s-2");
        assertThat(s2.get("visits").get(0).get("id").asText()).isEqualTo("v-13");
        assertThat(s2.get("visits").get(0).get("pinned").asBoolean()).isTrue();
        assertThat(solution.get("solver").get("seed").asLong()).isEqualTo(7);

        // the summary on stdout agrees with the file
        assertThat(out()).contains("score " + solution.get("score").asText())
                .contains("assigned " + solution.get("assigned").asInt() + " of 22 visits")
                .contains("shift s-1  Maria Borg (t-1)  Tue 2026-12-01  08:00-17:00")
                .contains("v-21  Boiler service, Sliema  (priority 2)")
                .contains("wrote " + solutionFile);
        // progress lines (not a terminal: plain lines) on stderr
        assertThat(err()).contains("solving").contains("best ").doesNotContain("\r");
    }

    @Test
    void solvesTheMatrixExampleWithTheFilesOwnTravelTimes() throws Exception {
        Path problemFile = copyExample("matrix-four-stops.json");
        Path out = dir.resolve("out").resolve("plan.json");

        int exit = solve(problemFile.toString(), "--seconds=2", "--out", out.toString());

        assertThat(exit).as("stderr:%n%s", err()).isEqualTo(0);
        assertThat(dir.resolve("matrix-four-stops.solution.json")).doesNotExist();
        JsonNode problem = JSON.readTree(problemFile.toFile());
        JsonNode solution = JSON.readTree(out.toFile());
        assertThat(solution.get("assigned").asInt()).isEqualTo(4);
        assertThat(solution.get("feasible").asBoolean()).isTrue();

        JsonNode seconds = problem.get("travel").get("matrix").get("seconds");
        JsonNode metres = problem.get("travel").get("matrix").get("metres");
        Map<String, Integer> index = new HashMap<>();
        for (JsonNode visit : problem.get("visits")) {
            index.put(visit.get("id").asText(), visit.get("location").get("matrixIndex").asInt());
        }
        JsonNode shift = solution.get("shifts").get(0);
        int previous = 0; // the technician's home is row 0
        long travelSeconds = 0;
        long travelMetres = 0;
        LocalDateTime free = LocalDateTime.parse(shift.get("start").asText());
        for (JsonNode stop : shift.get("visits")) {
            int here = index.get(stop.get("id").asText());
            assertThat(stop.get("travelSeconds").asInt()).isEqualTo(seconds.get(previous).get(here).asInt());
            assertThat(LocalDateTime.parse(stop.get("arrival").asText()))
                    .isEqualTo(free.plusSeconds(seconds.get(previous).get(here).asInt()));
            travelSeconds += seconds.get(previous).get(here).asInt();
            travelMetres += metres.get(previous).get(here).asInt();
            free = LocalDateTime.parse(stop.get("end").asText());
            previous = here;
        }
        travelSeconds += seconds.get(previous).get(0).asInt();
        travelMetres += metres.get(previous).get(0).asInt();
        assertThat(solution.get("travel").get("seconds").asLong()).isEqualTo(travelSeconds);
        assertThat(solution.get("travel").get("metres").asLong()).isEqualTo(travelMetres);
        // "d" must start 08:00-08:30 and "b" 09:00-09:30
        assertThat(startOf(solution, "d").toLocalTime()).isBetween(LocalTime.of(8, 0), LocalTime.of(8, 30));
        assertThat(startOf(solution, "b").toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(9, 30));
    }

    @Test
    void aPreviousSolutionIsAWarmStart() throws Exception {
        Path problemFile = copyExample("matrix-four-stops.json");
        Path first = dir.resolve("first.json");
        assertThat(solve(problemFile.toString(), "--seconds", "2", "--out", first.toString())).isEqualTo(0);
        List<String> firstRoute = ids(JSON.readTree(first.toFile()).get("shifts").get(0).get("visits"));

        int exit = solve(problemFile.toString(), "--seconds", "1", "--from", first.toString(), "--out",
                dir.resolve("second.json").toString());

        assertThat(exit).as("stderr:%n%s", err()).isEqualTo(0);
        assertThat(out()).contains("warm start from " + first + ": 4 visits in routes");
        JsonNode second = JSON.readTree(dir.resolve("second.json").toFile());
        assertThat(second.get("assigned").asInt()).isEqualTo(4);
        assertThat(ids(second.get("shifts").get(0).get("visits"))).containsExactlyInAnyOrderElementsOf(firstRoute);
    }

    @Test
    void aWarmStartNamingVisitsThatAreGoneWarnsAndGoesOn() throws Exception {
        Path problemFile = copyExample("matrix-four-stops.json");
        Path old = dir.resolve("old.json");
        Files.writeString(old, """
                {"shifts": [{"id": "s-1", "visits": [{"id": "c"}, {"id": "gone"}]}, {"id": "s-9", "visits": []}]}
                """);

        int exit = solve(problemFile.toString(), "--seconds", "1", "--from", old.toString());

        assertThat(exit).as("stderr:%n%s", err()).isEqualTo(0);
        assertThat(err()).contains("warning: " + old + ": visit \"gone\" (in shift \"s-1\") is not in the"
                + " problem any more; skipped")
                .contains("shift \"s-9\" is not in the problem any more");
        assertThat(out()).contains("warm start from " + old + ": 1 visit in routes");
    }

    @Test
    void aBadProblemFileReportsEveryErrorExitsTwoAndWritesNothing() throws Exception {
        ObjectNode problem = (ObjectNode) JSON.readTree(EXAMPLES.resolve("malta-two-days.json").toFile());
        ((ObjectNode) problem.get("visits").get(12).get("timeWindows").get(0)).put("start", "10:00").put("end", "09:00");
        ((ObjectNode) problem.get("shifts").get(3)).put("technician", "t-9");
        ((ObjectNode) problem.get("visits").get(3)).put("id", "v-01");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, problem.toPrettyString());

        int exit = solve(bad.toString(), "--seconds", "1");

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains(bad + ": 3 errors")
                .contains("visits[12].timeWindows[0]: end 09:00 is before start 10:00")
                .contains("shifts[3].technician: no technician \"t-9\"")
                .contains("visits[3].id: duplicate visit id \"v-01\"; visits[0] has it too")
                .contains("Nothing was solved or written");
        assertThat(out()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.json");
        }
    }

    @Test
    void malformedJsonIsReportedWithItsLine() throws Exception {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\n  \"visits\": [\n    {\"id\": \"v-1\",}\n  ]\n}\n");

        assertThat(solve(bad.toString())).isEqualTo(2);
        assertThat(err()).contains(bad + ": 1 error").contains("line 3, column").contains("malformed JSON");
    }

    @Test
    void usageMistakesPrintOneLineAndTheUsage() throws Exception {
        Path problemFile = copyExample("matrix-four-stops.json");

        assertThat(solve(problemFile.toString(), "--secs", "3")).isEqualTo(2);
        assertThat(err()).isEqualTo("fieldplan solve: unknown option --secs" + System.lineSeparator()
                + SolveOptions.USAGE + System.lineSeparator());

        assertThat(solve(dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err()).startsWith("fieldplan solve: no such file: " + dir.resolve("missing.json"))
                .contains(SolveOptions.USAGE);

        assertThat(solve()).isEqualTo(2);
        assertThat(err()).startsWith("fieldplan solve: missing the problem FILE");

        assertThat(solve(problemFile.toString(), "--seconds", "soon")).isEqualTo(2);
        assertThat(err()).startsWith("fieldplan solve: --seconds expects a whole number, got \"soon\"");

        assertThat(solve(problemFile.toString(), "--seconds")).isEqualTo(2);
        assertThat(err()).startsWith("fieldplan solve: --seconds needs a value");

        assertThat(solve(problemFile.toString(), "--out", problemFile.toString())).isEqualTo(2);
        assertThat(err()).contains("is the problem file itself");

        assertThat(solve(problemFile.toString(), "--osm", dir.resolve("x.osm.pbf").toString())).isEqualTo(2);
        assertThat(err()).startsWith("fieldplan solve: no such file: ");

        assertThat(solve("--help")).isEqualTo(0);
        assertThat(out()).startsWith(SolveOptions.USAGE);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("matrix-four-stops.json");
        }
    }

    // ---- independent checks ---------------------------------------------------------------------------------------

    /**
     * Checks a solution of a coordinate problem: each visit exactly once, skills, windows, service durations,
     * travel legs recomputed by haversine, zone segments (the example's zones are lon/lat rectangles), latest ends,
     * and the totals.
     */
    static void checkSolution(JsonNode problem, JsonNode solution, double speedKmh, double detour) {
        LocalDate origin = LocalDate.parse(problem.get("origin").asText());
        Map<String, JsonNode> visits = new HashMap<>();
        for (JsonNode visit : problem.get("visits")) {
            visits.put(visit.get("id").asText(), visit);
        }
        Map<String, JsonNode> technicians = new HashMap<>();
        for (JsonNode technician : problem.get("technicians")) {
            technicians.put(technician.get("id").asText(), technician);
        }
        Map<String, JsonNode> shifts = new HashMap<>();
        for (JsonNode shift : problem.get("shifts")) {
            shifts.put(shift.get("id").asText(), shift);
        }
        Map<String, double[]> zones = new HashMap<>();
        for (JsonNode feature : problem.get("zones").get("features")) {
            JsonNode ring = feature.get("geometry").get("coordinates").get(0);
            double[] box = {180, 90, -180, -90};
            for (JsonNode point : ring) {
                box[0] = Math.min(box[0], point.get(0).asDouble());
                box[1] = Math.min(box[1], point.get(1).asDouble());
                box[2] = Math.max(box[2], point.get(0).asDouble());
                box[3] = Math.max(box[3], point.get(1).asDouble());
            }
            zones.put(feature.get("properties").get("id").asText(), box);
        }

        assertThat(solution.get("feasible").asBoolean()).as("feasible, score %s", solution.get("score")).isTrue();
        Set<String> seen = new HashSet<>();
        long totalSeconds = 0;
        long totalMetres = 0;
        int assigned = 0;
        for (JsonNode shift : solution.get("shifts")) {
            JsonNode given = shifts.get(shift.get("id").asText());
            JsonNode technician = technicians.get(given.get("technician").asText());
            assertThat(shift.get("technician").asText()).isEqualTo(technician.get("id").asText());
            LocalDate date = LocalDate.parse(given.get("date").asText());
            JsonNode startPlace = given.has("startLocation") ? given.get("startLocation") : technician.get("home");
            JsonNode endPlace = given.has("endLocation") ? given.get("endLocation") : technician.get("home");
            LocalDateTime free = date.atTime(LocalTime.parse(given.get("start").asText()));
            assertThat(LocalDateTime.parse(shift.get("start").asText())).isEqualTo(free);
            JsonNode here = startPlace;
            long shiftSeconds = 0;
            long shiftMetres = 0;
            Set<String> skills = new HashSet<>();
            technician.get("skills").forEach(s -> skills.add(s.asText()));
            for (JsonNode stop : shift.get("visits")) {
                String id = stop.get("id").asText();
                assertThat(seen.add(id)).as("visit %s appears once", id).isTrue();
                assigned++;
                JsonNode visit = visits.get(id);
                JsonNode place = visit.get("location");
                int metres = metres(here, place, detour);
                int seconds = (int) Math.round(metres / (speedKmh / 3.6));
                assertThat(stop.get("travelMetres").asInt()).as("metres into %s", id).isCloseTo(metres, within(1));
                assertThat(stop.get("travelSeconds").asInt()).as("seconds into %s", id).isCloseTo(seconds, within(1));
                LocalDateTime arrival = LocalDateTime.parse(stop.get("arrival").asText());
                LocalDateTime start = LocalDateTime.parse(stop.get("start").asText());
                LocalDateTime end = LocalDateTime.parse(stop.get("end").asText());
                assertThat(arrival).as("arrival at %s after leaving and driving", id)
                        .isAfterOrEqualTo(free.plusSeconds(seconds - 1));
                assertThat(start).isAfterOrEqualTo(arrival);
                long service = visit.has("serviceMinutes") ? visit.get("serviceMinutes").asLong() * 60
                        : visit.get("serviceSeconds").asLong();
                assertThat(Duration.between(start, end).toSeconds()).isEqualTo(service);
                if (visit.has("timeWindows")) {
                    boolean inWindow = false;
                    for (JsonNode window : visit.get("timeWindows")) {
                        LocalDate day = window.has("date") ? LocalDate.parse(window.get("date").asText()) : origin;
                        LocalDateTime from = day.atTime(LocalTime.parse(window.get("start").asText()));
                        LocalDateTime to = day.atTime(LocalTime.parse(window.get("end").asText()));
                        inWindow |= !start.isBefore(from) && !start.isAfter(to);
                    }
                    assertThat(inWindow).as("%s starts (%s) inside a window", id, start).isTrue();
                }
                if (visit.has("deadline")) {
                    String deadline = visit.get("deadline").asText();
                    LocalDateTime by = deadline.length() == 10 ? LocalDate.parse(deadline).plusDays(1).atStartOfDay()
                            : LocalDateTime.parse(deadline);
                    assertThat(end).as("%s ends by its deadline", id).isBeforeOrEqualTo(by);
                }
                for (JsonNode skill : visit.path("skills")) {
                    assertThat(skills).as("technician of %s has %s", id, skill.asText()).contains(skill.asText());
                }
                checkZone(id, place, start, end, given, date, zones);
                shiftSeconds += seconds;
                shiftMetres += metres;
                free = end;
                here = place;
            }
            if (!shift.get("visits").isEmpty()) {
                int metres = metres(here, endPlace, detour);
                shiftMetres += metres;
                shiftSeconds += Math.round(metres / (speedKmh / 3.6));
            }
            assertThat(shift.get("travelMetres").asLong()).isCloseTo(shiftMetres, within(2L * shift.get("visits").size() + 2));
            assertThat(shift.get("travelSeconds").asLong()).isCloseTo(shiftSeconds, within(2L * shift.get("visits").size() + 2));
            LocalDateTime latestEnd = date.atTime(LocalTime.parse(given.get("end").asText()));
            assertThat(LocalDateTime.parse(shift.get("end").asText())).isBeforeOrEqualTo(latestEnd);
            totalSeconds += shift.get("travelSeconds").asLong();
            totalMetres += shift.get("travelMetres").asLong();
        }
        List<String> unassigned = ids(solution.get("unassignedVisits"));
        for (String id : unassigned) {
            assertThat(seen.add(id)).as("unassigned visit %s is not also in a route", id).isTrue();
        }
        assertThat(seen).isEqualTo(visits.keySet());
        assertThat(solution.get("assigned").asInt()).isEqualTo(assigned);
        assertThat(solution.get("unassigned").asInt()).isEqualTo(unassigned.size());
        assertThat(solution.get("travel").get("seconds").asLong()).isEqualTo(totalSeconds);
        assertThat(solution.get("travel").get("metres").asLong()).isEqualTo(totalMetres);
    }

    /** A visit inside zones of a shift with zone segments is served within a segment of one of its zones. */
    private static void checkZone(String id, JsonNode place, LocalDateTime start, LocalDateTime end, JsonNode shift,
            LocalDate date, Map<String, double[]> zones) {
        if (!shift.has("zones")) {
            return;
        }
        List<String> inside = new ArrayList<>();
        zones.forEach((zone, box) -> {
            double lon = place.get("lon").asDouble();
            double lat = place.get("lat").asDouble();
            if (lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]) {
                inside.add(zone);
            }
        });
        if (inside.isEmpty()) {
            return;
        }
        boolean covered = false;
        for (JsonNode segment : shift.get("zones")) {
            if (!inside.contains(segment.get("zone").asText())) {
                continue;
            }
            LocalDateTime from = date.atTime(LocalTime.parse(segment.has("start") ? segment.get("start").asText()
                    : shift.get("start").asText()));
            LocalDateTime to = date.atTime(LocalTime.parse(segment.has("end") ? segment.get("end").asText()
                    : shift.get("end").asText()));
            covered |= !start.isBefore(from) && !end.isAfter(to);
        }
        assertThat(covered).as("%s (zones %s) served %s-%s inside a zone segment of shift %s", id, inside, start, end,
                shift.get("id").asText()).isTrue();
    }

    /** Haversine metres on the mean earth radius, times the detour factor, rounded. */
    private static int metres(JsonNode from, JsonNode to, double detour) {
        double lat1 = Math.toRadians(from.get("lat").asDouble());
        double lat2 = Math.toRadians(to.get("lat").asDouble());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(to.get("lon").asDouble() - from.get("lon").asDouble());
        double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return (int) Math.round(2 * 6_371_008.8 * Math.asin(Math.sqrt(a)) * detour);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static JsonNode shiftById(JsonNode solution, String id) {
        for (JsonNode shift : solution.get("shifts")) {
            if (shift.get("id").asText().equals(id)) {
                return shift;
            }
        }
        throw new AssertionError("no shift " + id + " in the solution");
    }

    private static LocalDateTime startOf(JsonNode solution, String visitId) {
        for (JsonNode shift : solution.get("shifts")) {
            for (JsonNode stop : shift.get("visits")) {
                if (stop.get("id").asText().equals(visitId)) {
                    return LocalDateTime.parse(stop.get("start").asText());
                }
            }
        }
        throw new AssertionError("visit " + visitId + " is not in any route");
    }
}
