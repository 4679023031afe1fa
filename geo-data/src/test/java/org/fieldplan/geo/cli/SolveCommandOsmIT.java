package org.fieldplan.geo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.geo.road.PointToPointRoute;
import org.fieldplan.geo.road.RoadNetwork;
import org.fieldplan.geo.road.RoadNetworkSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code solve --osm} on the real Malta extract: every leg of the written solution is checked against
 * GraphHopper's own point-to-point route between the same two places (a different code path from the
 * many-to-many matrix the command uses), and places off the road network are reported by their JSON path.
 */
class SolveCommandOsmIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private static Path malta() {
        String data = System.getProperty("fieldplan.data.dir");
        if (data == null || data.isBlank()) {
            data = System.getenv().getOrDefault("FIELDPLAN_DATA_DIR", "../shared/data");
        }
        Path extract = Path.of(data, "osm", "malta-2018-08-27.osm.pbf");
        assertThat(extract).as("the Malta extract (set fieldplan.data.dir)").isRegularFile();
        return extract;
    }

    private int solve(String... args) {
        stdout.reset();
        stderr.reset();
        return new SolveCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false).run(args);
    }

    @Test
    void roadTravelTimesMatchGraphHoppersOwnRoutes() throws Exception {
        Path problemFile = dir.resolve("malta.json");
        Files.copy(Path.of("..", "docs", "examples", "malta-two-days.json"), problemFile);

        int exit = solve(problemFile.toString(), "--osm", malta().toString(), "--seconds", "3");

        String err = stderr.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("stderr:%n%s", err).isEqualTo(0);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("travel: road travel times (car, malta-2018-08-27.osm.pbf)");
        JsonNode problem = JSON.readTree(problemFile.toFile());
        JsonNode solution = JSON.readTree(dir.resolve("malta.solution.json").toFile());
        assertThat(solution.get("travel").get("method").asText()).startsWith("road travel times");

        Map<String, JsonNode> places = new HashMap<>();
        problem.get("visits").forEach(v -> places.put(v.get("id").asText(), v.get("location")));
        Map<String, JsonNode> homes = new HashMap<>();
        problem.get("technicians").forEach(t -> homes.put(t.get("id").asText(), t.get("home")));
        Map<String, JsonNode> shiftStarts = new HashMap<>();
        problem.get("shifts").forEach(s -> shiftStarts.put(s.get("id").asText(),
                s.has("startLocation") ? s.get("startLocation") : homes.get(s.get("technician").asText())));

        int legs = 0;
        try (RoadNetwork network = RoadNetwork.open(RoadNetworkSettings.of(malta()), line -> { })) {
            for (JsonNode shift : solution.get("shifts")) {
                JsonNode here = shiftStarts.get(shift.get("id").asText());
                for (JsonNode stop : shift.get("visits")) {
                    JsonNode there = places.get(stop.get("id").asText());
                    PointToPointRoute route = network.route(point(here), point(there), false);
                    String leg = shift.get("id").asText() + " into " + stop.get("id").asText();
                    assertThat(route).as(leg + " has a road route").isNotNull();
                    assertThat(stop.get("travelSeconds").asInt()).as(leg + " seconds").isCloseTo(route.seconds(),
                            within(1));
                    assertThat(stop.get("travelMetres").asDouble()).as(leg + " metres").isCloseTo(route.metres(),
                            within(1.5));
                    legs++;
                    here = there;
                }
            }
        }
        assertThat(legs).as("legs checked").isGreaterThan(10);
    }

    @Test
    void placesOffTheRoadNetworkAreNamedByTheirPath() throws Exception {
        ObjectNode problem = (ObjectNode) JSON.readTree(Path.of("..", "docs", "examples", "malta-two-days.json")
                .toFile());
        ((ObjectNode) ((ArrayNode) problem.get("visits")).get(4).get("location")).put("lat", 35.80).put("lon", 14.20);
        Path problemFile = dir.resolve("sea.json");
        Files.writeString(problemFile, problem.toPrettyString());

        int exit = solve(problemFile.toString(), "--osm", malta().toString(), "--seconds", "1");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("visits[4].location: (lat 35.8, lon 14.2) is ")
                .contains("m from the nearest road of road travel times (car, malta-2018-08-27.osm.pbf)");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sea.json");
        }
    }

    private static GeoPoint point(JsonNode place) {
        return new GeoPoint(place.get("lat").asDouble(), place.get("lon").asDouble());
    }
}
