package org.fieldplan.geo.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.fieldplan.geo.problem.ProblemSpec.ShiftSpec;
import org.fieldplan.geo.problem.ProblemSpec.TravelSpec;
import org.fieldplan.geo.problem.ProblemSpec.VisitSpec;
import org.junit.jupiter.api.Test;

class ProblemReaderTest {

    /** A small valid problem; each test breaks it in its own way. */
    private static final String BASE = """
            {
              "name": "base",
              "origin": "2026-12-01",
              "timeZone": "Europe/Malta",
              "technicians": [
                {"id": "t-1", "name": "Maria", "skills": ["water-meter"], "home": {"lat": 35.895, "lon": 14.465}},
                {"id": "t-2", "skills": [], "home": {"lat": 35.873, "lon": 14.507}}
              ],
              "zones": {"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"id": "harbour"}, "geometry": {"type": "Polygon",
                  "coordinates": [[[14.475, 35.885], [14.53, 35.885], [14.53, 35.93], [14.475, 35.93], [14.475, 35.885]]]}}
              ]},
              "shifts": [
                {"id": "s-1", "technician": "t-1", "date": "2026-12-01", "start": "08:00", "end": "17:00",
                 "nominalEnd": "16:00", "zones": [{"zone": "harbour", "start": "08:00", "end": "12:00"}],
                 "breaks": [{"earliestStart": "12:00", "latestEnd": "14:00", "minutes": 30}], "capacity": 5},
                {"id": "s-2", "technician": "t-2", "date": "2026-12-02", "start": "22:00", "end": "06:00",
                 "endDate": "2026-12-03", "breaks": [{"start": "01:00", "end": "01:20"}]}
              ],
              "visits": [
                {"id": "v-1", "label": "Meter, Valletta", "location": {"lat": 35.8989, "lon": 14.5146},
                 "serviceMinutes": 30, "timeWindows": [{"start": "10:00", "end": "12:00"},
                   {"date": "2026-12-02", "start": "08:00", "end": "09:00"}],
                 "skills": ["water-meter"], "priority": 2, "deadline": "2026-12-02", "preferredTechnician": "t-1",
                 "demand": 2, "pin": {"shift": "s-1", "position": 0}},
                {"id": "v-2", "location": {"lat": 35.9122, "lon": 14.5042}, "serviceSeconds": 900,
                 "zones": ["harbour"], "deadline": "2026-12-01T15:30"}
              ]
            }
            """;

    private final ProblemReader reader = new ProblemReader();

    private static ObjectNode base() throws Exception {
        return (ObjectNode) ProblemReader.MAPPER.readTree(BASE);
    }

    private ProblemSpec read(JsonNode json) throws ProblemFormatException {
        return reader.read("test.json", "test", json.toString());
    }

    private List<String> errorsOf(JsonNode json) {
        return errorsOf(json.toString());
    }

    private List<String> errorsOf(String json) {
        ProblemFormatException e = catchThrowableOfType(ProblemFormatException.class,
                () -> reader.read("test.json", "test", json));
        assertThat(e).as("expected the problem to be rejected").isNotNull();
        return e.errors().stream().map(ProblemError::toString).toList();
    }

    private static ObjectNode visit(ObjectNode root, int index) {
        return (ObjectNode) root.withArray("visits").get(index);
    }

    private static ObjectNode shift(ObjectNode root, int index) {
        return (ObjectNode) root.withArray("shifts").get(index);
    }

    @Test
    void readsAValidProblemWithItsTimesDefaultsAndTravel() throws Exception {
        ProblemSpec spec = read(base());

        assertThat(spec.name()).isEqualTo("base");
        assertThat(spec.origin()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(spec.timeZone()).isEqualTo("Europe/Malta");
        assertThat(spec.travel()).isEqualTo(new TravelSpec.StraightLine(30.0, 1.3));
        assertThat(spec.zones()).extracting(z -> z.id()).containsExactly("harbour");
        assertThat(spec.technicians().get(1).name()).as("name defaults to the id").isEqualTo("t-2");

        ShiftSpec first = spec.shifts().get(0);
        assertThat(first.start()).isEqualTo(LocalDateTime.of(2026, 12, 1, 8, 0));
        assertThat(first.nominalEnd()).isEqualTo(LocalDateTime.of(2026, 12, 1, 16, 0));
        assertThat(first.breaks().get(0).durationSeconds()).isEqualTo(1800);
        assertThat(first.capacity()).isEqualTo(5);
        assertThat(first.startPlace()).as("start place defaults to home, resolved at assembly").isNull();

        ShiftSpec night = spec.shifts().get(1);
        assertThat(night.end()).isEqualTo(LocalDateTime.of(2026, 12, 3, 6, 0));
        assertThat(night.nominalEnd()).isEqualTo(night.end());
        assertThat(night.capacity()).isEqualTo(-1);
        assertThat(night.breaks().get(0).earliestStart()).isEqualTo(LocalDateTime.of(2026, 12, 3, 1, 0));

        VisitSpec v1 = spec.visits().get(0);
        assertThat(v1.serviceSeconds()).isEqualTo(1800);
        assertThat(v1.windows()).extracting(w -> w.start()).containsExactly(
                LocalDateTime.of(2026, 12, 1, 10, 0), LocalDateTime.of(2026, 12, 2, 8, 0));
        assertThat(v1.deadline()).as("a date-only deadline is the end of that day")
                .isEqualTo(LocalDateTime.of(2026, 12, 3, 0, 0));
        assertThat(v1.pin()).isEqualTo(new ProblemSpec.PinSpec("s-1", 0));
        VisitSpec v2 = spec.visits().get(1);
        assertThat(v2.serviceSeconds()).isEqualTo(900);
        assertThat(v2.label()).isEqualTo("v-2");
        assertThat(v2.priority()).isEqualTo(1);
        assertThat(v2.demand()).isEqualTo(1);
        assertThat(v2.deadline()).isEqualTo(LocalDateTime.of(2026, 12, 1, 15, 30));
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void originDefaultsToTheFirstShiftDate() throws Exception {
        ObjectNode root = base();
        root.remove("origin");
        shift(root, 0).put("date", "2026-12-05");
        shift(root, 1).put("date", "2026-12-04").put("endDate", "2026-12-05");
        visit(root, 0).remove("timeWindows");

        assertThat(read(root).origin()).isEqualTo(LocalDate.of(2026, 12, 4));
    }

    @Test
    void malformedJsonIsReportedWithLineAndColumn() {
        List<String> errors = errorsOf("{\n  \"name\": \"x\",\n  \"visits\": [ }\n}");

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("line 3, column 15: malformed JSON");
    }

    @Test
    void duplicateKeysAreMalformed() {
        List<String> errors = errorsOf("{\"name\": \"a\",\n \"name\": \"b\"}");

        assertThat(errors).singleElement().asString().contains("line 2").contains("Duplicate field 'name'");
    }

    @Test
    void everyErrorInTheFileIsReportedTogether() throws Exception {
        ObjectNode root = base();
        ((ObjectNode) visit(root, 0).withArray("timeWindows").get(0)).put("start", "10:00").put("end", "09:00");
        shift(root, 1).put("technician", "t-9");
        visit(root, 1).put("id", "v-1");
        visit(root, 1).put("serviceMinute", 20);
        shift(root, 0).put("start", "8h00");
        ((ObjectNode) root.withArray("technicians").get(1)).remove("home");

        List<String> errors = errorsOf(root);

        assertThat(errors).as("in the order of the file's sections, then by path").containsExactly(
                "technicians[1].home: missing; it is required",
                "shifts[0].start: \"8h00\" is not a time; write \"HH:mm\" (e.g. \"09:30\") or a full date and time"
                        + " (e.g. \"2026-12-01T09:30\")",
                "shifts[1].technician: no technician \"t-9\" (did you mean \"t-1\"?); known: t-1, t-2",
                "visits[0].timeWindows[0]: end 09:00 is before start 10:00",
                "visits[1].id: duplicate visit id \"v-1\"; visits[0] has it too. Ids must be unique",
                "visits[1].serviceMinute: unknown field; did you mean \"serviceMinutes\"? Known fields here: id,"
                        + " label, location, serviceMinutes, serviceSeconds, timeWindows, skills, priority, deadline,"
                        + " preferredTechnician, demand, zones, pin, team");
    }

    @Test
    void errorPathsSortWithIndexesAsNumbers() {
        assertThat(ErrorCollector.naturalOrder("visits[12]", "visits[3]")).isPositive();
        assertThat(ErrorCollector.naturalOrder("visits[3].id", "visits[3]")).isPositive();
        assertThat(ErrorCollector.naturalOrder("visits[3]", "visits[3]")).isZero();
        assertThat(ErrorCollector.naturalOrder("shifts[9]", "visits[1]")).isNegative();
    }

    @Test
    void duplicateTechnicianAndShiftIdsAreReportedEvenWhenTheItemsHaveOtherErrors() throws Exception {
        ObjectNode root = base();
        ((ObjectNode) root.withArray("technicians").get(1)).put("id", "t-1").remove("home");
        shift(root, 1).put("id", "s-1").put("technician", "t-1").put("start", "late");

        assertThat(errorsOf(root)).containsExactly(
                "technicians[1].home: missing; it is required",
                "technicians[1].id: duplicate technician id \"t-1\"; technicians[0] has it too. Ids must be unique",
                "shifts[1].id: duplicate shift id \"s-1\"; shifts[0] has it too. Ids must be unique",
                "shifts[1].start: \"late\" is not a time; write \"HH:mm\" (e.g. \"09:30\") or a full date and time"
                        + " (e.g. \"2026-12-01T09:30\")");
    }

    @Test
    void aWindowAcrossMidnightHintsAtAFullEndTime() throws Exception {
        ObjectNode root = base();
        ((ObjectNode) visit(root, 0).withArray("timeWindows").get(1)).put("start", "23:00").put("end", "01:00");

        assertThat(errorsOf(root)).containsExactly("visits[0].timeWindows[1]: end 01:00 is before start 23:00; a window"
                + " across midnight needs its end as a date and time, e.g. \"2026-12-03T01:00\"");

        ((ObjectNode) visit(root, 0).withArray("timeWindows").get(1)).put("end", "2026-12-03T01:00");
        assertThat(read(root).visits().get(0).windows().get(1).end()).isEqualTo(LocalDateTime.of(2026, 12, 3, 1, 0));
    }

    @Test
    void unknownReferencesNameTheKnownOnes() throws Exception {
        ObjectNode root = base();
        shift(root, 1).put("technician", "t-9");
        ((ObjectNode) shift(root, 0).withArray("zones").get(0)).put("zone", "harbor");
        visit(root, 1).withArray("zones").set(0, ProblemReader.MAPPER.getNodeFactory().textNode("nowhere"));
        visit(root, 0).put("preferredTechnician", "t-7");
        ((ObjectNode) visit(root, 0).get("pin")).put("shift", "s-5");

        assertThat(errorsOf(root)).containsExactlyInAnyOrder(
                "shifts[1].technician: no technician \"t-9\" (did you mean \"t-1\"?); known: t-1, t-2",
                "shifts[0].zones[0].zone: no zone \"harbor\" (did you mean \"harbour\"?); known: harbour",
                "visits[1].zones[0]: no zone \"nowhere\"; known: harbour",
                "visits[0].preferredTechnician: no technician \"t-7\" (did you mean \"t-1\"?); known: t-1, t-2",
                "visits[0].pin.shift: no shift \"s-5\" (did you mean \"s-1\"?); known: s-1, s-2");
    }

    @Test
    void aShiftEndingBeforeItStartsHintsAtMidnight() throws Exception {
        ObjectNode root = base();
        shift(root, 1).remove("endDate");
        ((ArrayNode) shift(root, 1).withArray("breaks")).removeAll();

        assertThat(errorsOf(root)).containsExactly("shifts[1].end: The shift (s-2) of technician (t-2) ends (06:00)"
                + " before it starts (22:00). Maybe it crosses midnight and needs an \"endDate\"?");
    }

    @Test
    void badTimesDatesAndNumbersNameTheValue() throws Exception {
        ObjectNode root = base();
        shift(root, 0).put("date", "2026-13-01");
        shift(root, 1).put("start", "25:00");
        visit(root, 0).put("deadline", "next week");
        visit(root, 0).put("priority", 0);
        visit(root, 1).put("serviceSeconds", "900");
        ((ObjectNode) visit(root, 1).get("location")).put("lat", 135.0);
        root.put("timeZone", "Malta/Valletta");

        assertThat(errorsOf(root)).containsExactlyInAnyOrder(
                "timeZone: \"Malta/Valletta\" is not a time zone; use an IANA id such as \"Europe/Malta\"",
                "shifts[0].date: \"2026-13-01\" is not a date; write it as yyyy-MM-dd, e.g. \"2026-12-01\"",
                "shifts[1].start: \"25:00\" is not a time of day; use 00:00 to 23:59 (or 24:00 for the end of the day)",
                "visits[0].deadline: \"next week\" is not a deadline; write a date (\"2026-12-03\", meaning the end of"
                        + " that day) or a date and time (\"2026-12-03T18:00\")",
                "visits[0].priority: value 0 is out of range; expected 1 to 1000",
                "visits[1].serviceSeconds: expected a whole number, got \"900\"",
                "visits[1].location.lat: value 135.0 is out of range; expected -90.0 to 90.0");
    }

    @Test
    void missingTopLevelFieldsAndWrongTypes() {
        assertThat(errorsOf("{\"technicians\": {}, \"visits\": 3}")).containsExactlyInAnyOrder(
                "technicians: expected an array [...], got an object",
                "shifts: missing; it is required",
                "visits: expected an array [...], got 3");
        assertThat(errorsOf("[]")).containsExactly("expected an object {...}, got an array");
    }

    @Test
    void shiftPartsOutsideTheShiftAreRejected() throws Exception {
        ObjectNode root = base();
        ((ObjectNode) shift(root, 0).withArray("zones").get(0)).put("start", "07:00");
        ((ObjectNode) shift(root, 0).withArray("breaks").get(0)).put("minutes", 150);
        shift(root, 0).put("nominalEnd", "18:00");

        assertThat(errorsOf(root)).containsExactlyInAnyOrder(
                "shifts[0].zones[0]: 07:00-12:00 is outside the shift 08:00-17:00",
                "shifts[0].breaks[0]: a 150-minute break does not fit between 12:00 and 14:00; widen the span or"
                        + " shorten the break",
                "shifts[0].nominalEnd: 18:00 is outside the shift 08:00-17:00; the nominal end lies between the start"
                        + " and the (latest) end");
    }

    @Test
    void pinsMustFillPositionsFromTheStartWithoutClashes() throws Exception {
        ObjectNode root = base();
        visit(root, 1).putObject("pin").put("shift", "s-1").put("position", 0);
        ObjectNode third = visit(root, 1).deepCopy();
        third.put("id", "v-3").putObject("pin").put("shift", "s-2").put("position", 2);
        root.withArray("visits").add(third);

        assertThat(errorsOf(root)).containsExactlyInAnyOrder(
                "visits[1].pin.position: visit \"v-1\" is already pinned to position 0 of shift \"s-1\"; give each"
                        + " pinned visit its own position",
                "visits[2].pin.position: is 2 but shift \"s-2\" has no visit pinned at position 0; pinned visits fill"
                        + " positions 0, 1, 2, ... from the start of the route");
    }

    @Test
    void zoneGeometryErrorsComeFromTheZoneReaderUnderTheZonesPath() throws Exception {
        ObjectNode root = base();
        ObjectNode geometry = (ObjectNode) root.get("zones").get("features").get(0).get("geometry");
        geometry.set("coordinates", ProblemReader.MAPPER.readTree(
                "[[[14.47, 35.88], [14.53, 35.93], [14.53, 35.88], [14.47, 35.93], [14.47, 35.88]]]"));

        List<String> errors = errorsOf(root);

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("zones.features[0].geometry"))
                .allSatisfy(e -> assertThat(e).startsWith("zones."));
    }

    @Test
    void overlappingShiftsOfOneTechnicianAreAWarning() throws Exception {
        ObjectNode root = base();
        shift(root, 1).put("technician", "t-1").put("date", "2026-12-01").put("start", "16:00").put("end", "20:00")
                .remove(List.of("endDate", "breaks"));

        ProblemSpec spec = read(root);

        assertThat(spec.warnings()).extracting(ProblemError::toString).containsExactly(
                "shifts[1]: shift \"s-2\" of technician \"t-1\" overlaps shift \"s-1\" (shifts[0])");
    }

    @Test
    void aSkillNoTechnicianHasIsAWarning() throws Exception {
        ObjectNode root = base();
        visit(root, 1).putArray("skills").add("boiler");

        assertThat(read(root).warnings()).extracting(ProblemError::toString).containsExactly(
                "visits[1].skills: no technician has skill \"boiler\", so visit \"v-2\" cannot be planned; skills the"
                        + " technicians have: water-meter");
    }

    @Test
    void matrixTravelNeedsASquareMatrixAndAnIndexForEveryPlace() throws Exception {
        ObjectNode root = base();
        root.remove("zones");
        ((ObjectNode) shift(root, 0)).remove("zones");
        visit(root, 1).remove("zones");
        root.putObject("travel").set("matrix", ProblemReader.MAPPER.readTree(
                "{\"seconds\": [[0, 60, 70], [60, 0, -1], [70, 5]], \"metres\": [[0, 600, 700], [600, 0, 40], [700, 50, 0]]}"));
        ((ObjectNode) root.withArray("technicians").get(0).get("home")).put("matrixIndex", 0);
        ((ObjectNode) root.withArray("technicians").get(1).get("home")).put("matrixIndex", 3);

        assertThat(errorsOf(root)).containsExactly("travel.matrix.seconds[2]: has 2 entries but the matrix has 3"
                + " rows; it must be square");

        ((ArrayNode) root.get("travel").get("matrix").get("seconds").get(2)).add(0);
        assertThat(errorsOf(root)).containsExactlyInAnyOrder(
                "travel.matrix.metres[1][2]: is 40 but seconds[1][2] is -1; a pair is unreachable (-1) in both or in"
                        + " neither",
                "technicians[1].home.matrixIndex: value 3 is outside the 3x3 travel matrix; use 0 to 2",
                "visits[0].location: has no \"matrixIndex\"; the problem has a travel matrix, so every place needs"
                        + " its row in it (0 to 2)",
                "visits[1].location: has no \"matrixIndex\"; the problem has a travel matrix, so every place needs"
                        + " its row in it (0 to 2)");
    }

    @Test
    void coordinatesAreNeededWithoutAMatrix() throws Exception {
        ObjectNode root = base();
        visit(root, 1).set("location", ProblemReader.MAPPER.readTree("{\"matrixIndex\": 4}"));
        ((ObjectNode) visit(root, 0).get("location")).remove("lon");

        assertThat(errorsOf(root)).containsExactlyInAnyOrder(
                "visits[0].location: lon missing; give both \"lat\" and \"lon\" (WGS84 degrees)",
                "visits[1].location: has no \"lat\"/\"lon\"; travel is computed from coordinates (there is no"
                        + " \"travel.matrix\"), so every place needs them");
    }

    @Test
    void theExamplesInTheDocsAreValid() throws Exception {
        Path examples = Path.of("..", "docs", "examples");

        ProblemSpec malta = reader.read(examples.resolve("malta-two-days.json"));
        ProblemSpec matrix = reader.read(examples.resolve("matrix-four-stops.json"));

        assertThat(malta.visits()).hasSize(22);
        assertThat(malta.shifts()).hasSize(4);
        assertThat(malta.zones()).hasSize(3);
        assertThat(matrix.travel()).isInstanceOf(TravelSpec.Matrix.class);
        assertThat(((TravelSpec.Matrix) matrix.travel()).seconds()[1 * 5 + 2]).isEqualTo(400);
    }
}
