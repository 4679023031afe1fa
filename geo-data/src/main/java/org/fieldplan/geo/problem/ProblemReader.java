package org.fieldplan.geo.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.fieldplan.geo.problem.ProblemSpec.BreakSpec;
import org.fieldplan.geo.problem.ProblemSpec.PinSpec;
import org.fieldplan.geo.problem.ProblemSpec.PlaceSpec;
import org.fieldplan.geo.problem.ProblemSpec.ShiftSpec;
import org.fieldplan.geo.problem.ProblemSpec.TechnicianSpec;
import org.fieldplan.geo.problem.ProblemSpec.TravelSpec;
import org.fieldplan.geo.problem.ProblemSpec.VisitSpec;
import org.fieldplan.geo.problem.ProblemSpec.WindowSpec;
import org.fieldplan.geo.problem.ProblemSpec.ZoneSegmentSpec;
import org.fieldplan.geo.zone.ServiceZone;
import org.fieldplan.geo.zone.ZoneCollection;
import org.fieldplan.geo.zone.ZoneFormatException;
import org.fieldplan.geo.zone.ZoneGeoJson;
import org.fieldplan.geo.zone.ZoneProblem;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON problem file ({@code docs/problem-format.md}) into a validated {@link ProblemSpec}. Every error
 * in the file is collected (by JSON path, with the value and a hint) and thrown together as one
 * {@link ProblemFormatException}; malformed JSON is reported with its line and column.
 */
public final class ProblemReader {

    public static final double DEFAULT_SPEED_KMH = 30.0;
    public static final double DEFAULT_DETOUR_FACTOR = 1.3;
    /** The most visits, shifts or matrix rows a file may hold; a guard against a runaway file, not a design limit. */
    static final int MAX_ITEMS = 1_000_000;
    /** The largest team one visit may need. */
    static final int MAX_TEAM = 20;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads and validates the file. */
    public ProblemSpec read(Path file) throws IOException, ProblemFormatException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return read(file.toString(), name, json);
    }

    /**
     * Reads and validates JSON text.
     *
     * @param source      what to call the text in the error report (usually the file path)
     * @param defaultName the problem's name when the file gives none
     */
    public ProblemSpec read(String source, String defaultName, String json) throws ProblemFormatException {
        JsonNode root = parse(source, json);
        ErrorCollector errors = new ErrorCollector();
        ProblemSpec spec = new Reading(errors).problem(root, defaultName);
        errors.throwIfAny(source);
        if (spec == null) {
            throw new IllegalStateException("no problem read from " + source + " yet no error reported");
        }
        return spec;
    }

    /** Parses JSON text to a tree, turning a syntax error into a located {@link ProblemFormatException}. */
    static JsonNode parse(String source, String json) throws ProblemFormatException {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new ProblemFormatException(source, List.of(new ProblemError("", "the file is empty; expected a"
                        + " JSON object {...}")));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new ProblemFormatException(source, List.of(new ProblemError(where,
                    "malformed JSON: " + firstLine(e.getOriginalMessage()))));
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** One pass over one file. */
    private static final class Reading {
        private final ErrorCollector errors;
        /** Every place read, with its path, checked against the travel mode at the end. */
        private final List<Map.Entry<String, PlaceSpec>> places = new ArrayList<>();
        /** Ids present in the file (even on items with other errors), for checking references. */
        private Set<String> technicianIds = Set.of();
        private Set<String> zoneIds = Set.of();
        private final Set<String> rawZoneIds = new LinkedHashSet<>();
        private Set<String> shiftIds = Set.of();
        /** Position in the file of each visit id (first occurrence). */
        private final Map<String, Integer> visitIndex = new HashMap<>();

        Reading(ErrorCollector errors) {
            this.errors = errors;
        }

        @Nullable ProblemSpec problem(JsonNode root, String defaultName) {
            Fields top = Fields.of(root, "", errors);
            if (top == null) {
                return null;
            }
            top.allow("$schema", "description");
            String name = top.string("name", false);
            String timeZone = timeZone(top);
            LocalDate explicitOrigin = TimeParser.date(top, "origin", false);

            List<TechnicianSpec> technicians = technicians(top);
            List<ProblemError> warnings = new ArrayList<>();
            List<ServiceZone> zones = zones(top, warnings);
            zoneIds = zones.stream().map(ServiceZone::id).collect(Collectors.toCollection(LinkedHashSet::new));
            zoneIds.addAll(rawZoneIds);
            List<ShiftSpec> shifts = shifts(top);
            // without an explicit origin the plan starts on the first shift's date; when no shift could be read the
            // errors are already reported and any date serves to go on checking the visits
            LocalDate origin = explicitOrigin != null ? explicitOrigin
                    : shifts.stream().map(ShiftSpec::date).min(Comparator.naturalOrder())
                            .orElse(LocalDate.of(2000, 1, 1));
            List<VisitSpec> visits = visits(top, origin);
            TravelSpec travel = travel(top);
            top.rejectUnknown();

            checkPins(visits);
            checkOrigin(origin, explicitOrigin != null, shifts, visits);
            checkPlaces(travel);
            if (errors.isEmpty()) {
                warnings.addAll(overlappingShifts(shifts));
                warnings.addAll(skillsNobodyHas(technicians, visits));
            }
            return new ProblemSpec(name != null ? name : defaultName, timeZone, origin, travel, technicians, shifts,
                    zones, visits, warnings);
        }

        private static boolean isEmptyArray(Fields parent, String field) {
            JsonNode node = parent.raw(field, false);
            return node != null && node.isArray() && node.isEmpty();
        }

        private @Nullable String timeZone(Fields top) {
            String zone = top.string("timeZone", false);
            if (zone == null) {
                return null;
            }
            try {
                return ZoneId.of(zone.strip()).getId();
            } catch (DateTimeException e) {
                top.error("timeZone", "\"" + zone + "\" is not a time zone; use an IANA id such as \"Europe/Malta\"");
                return null;
            }
        }

        // ---- technicians ----------------------------------------------------------------------------------------

        private List<TechnicianSpec> technicians(Fields top) {
            List<TechnicianSpec> technicians = new ArrayList<>();
            List<Fields> items = top.objects("technicians", true);
            if (isEmptyArray(top, "technicians")) {
                top.error("technicians", "is empty; add at least one technician");
            }
            for (Fields item : items) {
                String id = item.id("id", true);
                String name = item.string("name", false);
                List<String> skills = item.strings("skills");
                PlaceSpec home = place(item, "home", true);
                item.rejectUnknown();
                if (id != null && home != null) {
                    technicians.add(new TechnicianSpec(id, name != null ? name : id, skills, home));
                }
            }
            technicianIds = duplicates(items, "technician");
            return technicians;
        }

        // ---- places ---------------------------------------------------------------------------------------------

        private @Nullable PlaceSpec place(Fields parent, String field, boolean required) {
            Fields item = parent.object(field, required);
            if (item == null) {
                return null;
            }
            int errorsBefore = errors.size();
            Double lat = item.number("lat", false, -90, 90);
            Double lon = item.number("lon", false, -180, 180);
            Integer matrixIndex = item.integer("matrixIndex", false, 0, MAX_ITEMS);
            boolean latGiven = item.has("lat");
            boolean lonGiven = item.has("lon");
            if (latGiven != lonGiven) {
                item.error((latGiven ? "lon" : "lat") + " missing; give both \"lat\" and \"lon\" (WGS84 degrees)");
            }
            if (!latGiven && !lonGiven && !item.has("matrixIndex")) {
                item.error("has neither coordinates nor a matrix index; give \"lat\" and \"lon\", or \"matrixIndex\""
                        + " when the problem has a travel matrix");
            }
            item.rejectUnknown();
            PlaceSpec place = new PlaceSpec(lat, lon, matrixIndex);
            if (errors.size() == errorsBefore) {
                places.add(Map.entry(item.path(), place));
            }
            return place;
        }

        private void checkPlaces(TravelSpec travel) {
            for (Map.Entry<String, PlaceSpec> entry : places) {
                PlaceSpec place = entry.getValue();
                if (travel instanceof TravelSpec.Matrix matrix) {
                    if (place.matrixIndex() == null) {
                        errors.add(entry.getKey(), "has no \"matrixIndex\"; the problem has a travel matrix, so every"
                                + " place needs its row in it (0 to " + (matrix.size() - 1) + ")");
                    } else if (place.matrixIndex() >= matrix.size()) {
                        errors.add(entry.getKey() + ".matrixIndex", "value " + place.matrixIndex() + " is outside the "
                                + matrix.size() + "x" + matrix.size() + " travel matrix; use 0 to " + (matrix.size() - 1));
                    }
                } else if (!place.hasCoordinates()) {
                    errors.add(entry.getKey(), "has no \"lat\"/\"lon\"; travel is computed from coordinates (there is"
                            + " no \"travel.matrix\"), so every place needs them");
                }
            }
        }

        // ---- zones ----------------------------------------------------------------------------------------------

        /** The zones FeatureCollection, read and checked by the zone reader; its problems become ours by path. */
        private List<ServiceZone> zones(Fields top, List<ProblemError> warnings) {
            JsonNode zones = top.raw("zones", false);
            if (zones == null) {
                return List.of();
            }
            try {
                ZoneCollection collection = ZoneGeoJson.read(zones.toString(), "zones");
                for (ZoneProblem fix : collection.fixes()) {
                    warnings.add(new ProblemError(zonePath(fix.path()), fix.message()));
                }
                return collection.zones();
            } catch (ZoneFormatException e) {
                for (ZoneProblem problem : e.problems()) {
                    errors.add(zonePath(problem.path()), problem.message());
                }
                // the ids that are there still count, so that references to them are not reported as well
                for (JsonNode feature : zones.path("features")) {
                    JsonNode id = feature.path("properties").path("id");
                    if (id.isMissingNode() || id.isNull()) {
                        id = feature.path("id");
                    }
                    if (id.isTextual() || id.isIntegralNumber()) {
                        rawZoneIds.add(id.asText());
                    }
                }
                return List.of();
            }
        }

        private static String zonePath(String path) {
            return path.equals("$") || path.isEmpty() ? "zones" : "zones." + path;
        }

        // ---- shifts ---------------------------------------------------------------------------------------------

        private List<ShiftSpec> shifts(Fields top) {
            List<ShiftSpec> shifts = new ArrayList<>();
            List<Fields> items = top.objects("shifts", true);
            if (isEmptyArray(top, "shifts")) {
                top.error("shifts", "is empty; add at least one shift");
            }
            for (Fields item : items) {
                ShiftSpec shift = shift(item);
                if (shift != null) {
                    shifts.add(shift);
                }
            }
            shiftIds = duplicates(items, "shift");
            return shifts;
        }

        private @Nullable ShiftSpec shift(Fields item) {
            String id = item.id("id", true);
            String technician = item.id("technician", true);
            reference(item, "technician", technician, technicianIds, "technician");
            LocalDate readDate = TimeParser.date(item, "date", true);
            // when the date is missing or bad (already reported) a stand-in date lets the times be checked too
            LocalDate date = readDate != null ? readDate : LocalDate.of(2000, 1, 1);
            LocalDate endDate = TimeParser.date(item, "endDate", false);
            LocalDateTime start = TimeParser.time(item, "start", true, date);
            LocalDateTime end = TimeParser.time(item, "end", true, endDate != null ? endDate : date);
            LocalDateTime nominalEnd = TimeParser.time(item, "nominalEnd", false, endDate != null ? endDate : date);
            PlaceSpec startPlace = place(item, "startLocation", false);
            PlaceSpec endPlace = place(item, "endLocation", false);
            Integer capacity = item.integer("capacity", false, 0, Integer.MAX_VALUE);
            String label = "The shift (" + (id != null ? id : "?") + ") of technician (" + (technician != null
                    ? technician : "?") + ")";
            if (endDate != null && date != null && endDate.isBefore(date)) {
                item.error("endDate", endDate + " is before the shift's date " + date);
            }
            boolean timesOk = start != null && end != null && readDate != null;
            if (timesOk && !end.isAfter(start)) {
                item.error("end", label + " ends (" + TimeParser.show(end, date) + ") before it starts ("
                        + TimeParser.show(start, date) + ")."
                        + (endDate == null ? " Maybe it crosses midnight and needs an \"endDate\"?" : ""));
                timesOk = false;
            }
            if (timesOk && nominalEnd != null && (nominalEnd.isBefore(start) || nominalEnd.isAfter(end))) {
                item.error("nominalEnd", TimeParser.show(nominalEnd, date) + " is outside the shift "
                        + TimeParser.show(start, date) + "-" + TimeParser.show(end, date)
                        + "; the nominal end lies between the start and the (latest) end");
            }
            List<ZoneSegmentSpec> segments = new ArrayList<>();
            for (Fields segment : item.objects("zones", false)) {
                String zone = segment.id("zone", true);
                reference(segment, "zone", zone, zoneIds, "zone");
                LocalDateTime from = TimeParser.inShift(segment, "start", false, date, start, end);
                LocalDateTime to = TimeParser.inShift(segment, "end", false, date, start, end);
                segment.rejectUnknown();
                LocalDateTime segmentStart = from != null ? from : start;
                LocalDateTime segmentEnd = to != null ? to : end;
                if (zone == null || segmentStart == null || segmentEnd == null) {
                    continue;
                }
                if (!segmentEnd.isAfter(segmentStart)) {
                    segment.error("end", "end " + TimeParser.show(segmentEnd, date) + " is not after start "
                            + TimeParser.show(segmentStart, date));
                } else if (timesOk && (segmentStart.isBefore(start) || segmentEnd.isAfter(end))) {
                    segment.error(TimeParser.show(segmentStart, date) + "-" + TimeParser.show(segmentEnd, date)
                            + " is outside the shift " + TimeParser.show(start, date) + "-"
                            + TimeParser.show(end, date));
                } else {
                    segments.add(new ZoneSegmentSpec(zone, segmentStart, segmentEnd));
                }
            }
            List<BreakSpec> breaks = new ArrayList<>();
            for (Fields item2 : item.objects("breaks", false)) {
                BreakSpec shiftBreak = shiftBreak(item2, date, start, end);
                if (shiftBreak != null) {
                    if (timesOk && (shiftBreak.earliestStart().isBefore(start) || shiftBreak.latestEnd().isAfter(end))) {
                        item2.error(TimeParser.show(shiftBreak.earliestStart(), date) + "-"
                                + TimeParser.show(shiftBreak.latestEnd(), date) + " is outside the shift "
                                + TimeParser.show(start, date) + "-" + TimeParser.show(end, date));
                    } else {
                        breaks.add(shiftBreak);
                    }
                }
            }
            item.rejectUnknown();
            if (id == null || technician == null || !timesOk) {
                return null;
            }
            return new ShiftSpec(id, technician, date, start, end, nominalEnd != null ? nominalEnd : end, startPlace,
                    endPlace, segments, breaks, capacity != null ? capacity : -1);
        }

        /** A fixed break {start, end} or a floating one {earliestStart, latestEnd, minutes}. */
        private @Nullable BreakSpec shiftBreak(Fields item, LocalDate date, @Nullable LocalDateTime shiftStart,
                @Nullable LocalDateTime shiftEnd) {
            boolean fixed = item.has("start") || item.has("end");
            boolean floating = item.has("earliestStart") || item.has("latestEnd");
            if (fixed && floating) {
                item.error("mixes a fixed break (\"start\"/\"end\") with a floating one (\"earliestStart\"/"
                        + "\"latestEnd\"/\"minutes\"); give one or the other");
                item.allow("start", "end", "earliestStart", "latestEnd", "minutes", "seconds");
                item.rejectUnknown();
                return null;
            }
            if (fixed) {
                LocalDateTime start = TimeParser.inShift(item, "start", true, date, shiftStart, shiftEnd);
                LocalDateTime end = TimeParser.inShift(item, "end", true, date, shiftStart, shiftEnd);
                item.rejectUnknown();
                if (start == null || end == null) {
                    return null;
                }
                if (!end.isAfter(start)) {
                    item.error("end", "end " + TimeParser.show(end, date) + " is not after start "
                            + TimeParser.show(start, date));
                    return null;
                }
                return new BreakSpec(start, end, Math.toIntExact(java.time.Duration.between(start, end).toSeconds()));
            }
            LocalDateTime earliest = TimeParser.inShift(item, "earliestStart", true, date, shiftStart, shiftEnd);
            LocalDateTime latest = TimeParser.inShift(item, "latestEnd", true, date, shiftStart, shiftEnd);
            Integer duration = duration(item, "minutes", "seconds", true, 1);
            item.rejectUnknown();
            if (earliest == null || latest == null || duration == null) {
                return null;
            }
            long span = java.time.Duration.between(earliest, latest).toSeconds();
            if (span < duration) {
                item.error("a " + duration / 60 + "-minute break does not fit between " + TimeParser.show(earliest, date)
                        + " and " + TimeParser.show(latest, date) + "; widen the span or shorten the break");
                return null;
            }
            return new BreakSpec(earliest, latest, duration);
        }

        /** A duration given in minutes or in seconds (exactly one of the two), as seconds. */
        private @Nullable Integer duration(Fields item, String minutesField, String secondsField, boolean required,
                int minSeconds) {
            boolean minutesGiven = item.has(minutesField);
            boolean secondsGiven = item.has(secondsField);
            if (minutesGiven && secondsGiven) {
                item.error("gives both \"" + minutesField + "\" and \"" + secondsField + "\"; give one of them");
                return null;
            }
            if (minutesGiven) {
                Double minutes = item.number(minutesField, true, 0, 7 * 24 * 60);
                if (minutes == null) {
                    return null;
                }
                long seconds = Math.round(minutes * 60);
                if (seconds < minSeconds) {
                    item.error(minutesField, "value " + item.raw(minutesField, true) + " is too short; at least "
                            + minSeconds + " second(s)");
                    return null;
                }
                return (int) seconds;
            }
            if (secondsGiven) {
                return item.integer(secondsField, true, minSeconds, 7 * 24 * 3600);
            }
            if (required) {
                item.error("missing a duration; give \"" + minutesField + "\" or \"" + secondsField + "\"");
            }
            return null;
        }

        // ---- visits ---------------------------------------------------------------------------------------------

        private List<VisitSpec> visits(Fields top, LocalDate origin) {
            List<VisitSpec> visits = new ArrayList<>();
            List<Fields> items = top.objects("visits", true);
            for (int i = 0; i < items.size(); i++) {
                JsonNode id = items.get(i).raw("id", false);
                if (id != null && id.isTextual()) {
                    visitIndex.putIfAbsent(id.textValue().strip(), indexIn(items.get(i).path()));
                }
            }
            for (Fields item : items) {
                VisitSpec visit = visit(item, origin);
                if (visit != null) {
                    visits.add(visit);
                }
            }
            duplicates(items, "visit");
            return visits;
        }

        private @Nullable VisitSpec visit(Fields item, LocalDate origin) {
            String id = item.id("id", true);
            String label = item.string("label", false);
            PlaceSpec location = place(item, "location", true);
            Integer service = duration(item, "serviceMinutes", "serviceSeconds", true, 0);
            List<WindowSpec> windows = new ArrayList<>();
            for (Fields window : item.objects("timeWindows", false)) {
                LocalDate date = TimeParser.date(window, "date", false);
                // a bad date is already reported; the origin stands in so that the times are checked as well
                LocalDate context = date != null ? date : origin;
                LocalDateTime start = TimeParser.time(window, "start", true, context);
                LocalDateTime end = TimeParser.time(window, "end", true, context);
                window.rejectUnknown();
                if (start != null && end != null) {
                    if (end.isBefore(start)) {
                        window.error("end " + TimeParser.show(end, context) + " is before start "
                                + TimeParser.show(start, context)
                                + (end.toLocalDate().equals(start.toLocalDate()) && start.getHour() >= 12
                                        && end.getHour() < 12 ? "; a window across midnight needs its end as a date"
                                        + " and time, e.g. \"" + end.toLocalDate().plusDays(1) + "T"
                                        + TimeParser.show(end, end.toLocalDate()) + "\"" : ""));
                    } else {
                        windows.add(new WindowSpec(start, end));
                    }
                }
            }
            windows.sort(Comparator.comparing(WindowSpec::start));
            for (int i = 1; i < windows.size(); i++) {
                if (!windows.get(i).start().isAfter(windows.get(i - 1).end())) {
                    item.error("timeWindows", "windows " + TimeParser.show(windows.get(i - 1).start(), null) + "-"
                            + TimeParser.show(windows.get(i - 1).end(), null) + " and "
                            + TimeParser.show(windows.get(i).start(), null) + "-"
                            + TimeParser.show(windows.get(i).end(), null) + " overlap; merge them into one");
                }
            }
            List<String> skills = item.strings("skills");
            Integer priority = item.integer("priority", false, 1, 1000);
            LocalDateTime deadline = TimeParser.deadline(item, "deadline");
            String preferred = item.id("preferredTechnician", false);
            reference(item, "preferredTechnician", preferred, technicianIds, "technician");
            Integer demand = item.integer("demand", false, 0, Integer.MAX_VALUE);
            List<String> zones = item.strings("zones");
            for (int j = 0; j < zones.size(); j++) {
                reference(item.path("zones") + "[" + j + "]", zones.get(j), zoneIds, "zone");
            }
            PinSpec pin = null;
            Fields pinFields = item.object("pin", false);
            if (pinFields != null) {
                String shift = pinFields.id("shift", true);
                reference(pinFields, "shift", shift, shiftIds, "shift");
                Integer position = pinFields.integer("position", true, 0, MAX_ITEMS);
                pinFields.rejectUnknown();
                if (shift != null && position != null) {
                    pin = new PinSpec(shift, position);
                }
            }
            List<List<String>> team = new ArrayList<>();
            List<Fields.Element> persons = item.array("team", false);
            for (Fields.Element person : persons) {
                if (!person.node().isObject()) {
                    errors.add(person.path(), "expected {\"skills\": [...]} for one person of the team, got "
                            + Fields.describe(person.node()));
                    continue;
                }
                Fields personFields = Fields.of(person.node(), person.path(), errors);
                if (personFields != null) {
                    team.add(personFields.strings("skills"));
                    personFields.rejectUnknown();
                }
            }
            if (!persons.isEmpty()) {
                if (persons.size() < 2 || persons.size() > MAX_TEAM) {
                    item.error("team", persons.size() + " person(s); a team is 2 to " + MAX_TEAM
                            + " people (leave \"team\" out for work one technician does)");
                }
                if (!skills.isEmpty()) {
                    item.error("skills", "given together with \"team\"; give the skills of each person in the team");
                }
                if (windows.isEmpty()) {
                    item.error("team", "work for a team needs a time window: the team starts together at the start of"
                            + " the first window");
                }
                if (pin != null) {
                    item.error("pin", "work for a team cannot be pinned (each person's visit goes into another route)");
                }
                if (preferred != null) {
                    item.error("preferredTechnician", "not supported for work for a team");
                }
            }
            item.rejectUnknown();
            if (id == null || location == null || service == null) {
                return null;
            }
            return new VisitSpec(id, label != null ? label : id, location, service, windows, skills,
                    priority != null ? priority : 1, deadline, preferred, demand != null ? demand : 1, zones, pin, team);
        }

        // ---- travel ---------------------------------------------------------------------------------------------

        private TravelSpec travel(Fields top) {
            Fields travel = top.object("travel", false);
            TravelSpec defaults = new TravelSpec.StraightLine(DEFAULT_SPEED_KMH, DEFAULT_DETOUR_FACTOR);
            if (travel == null) {
                return defaults;
            }
            boolean straight = travel.has("speedKmh") || travel.has("detourFactor");
            if (travel.has("matrix")) {
                if (straight) {
                    travel.error("gives both a matrix and straight-line settings (\"speedKmh\"/\"detourFactor\");"
                            + " give one or the other");
                }
                TravelSpec matrix = matrix(travel.object("matrix", true));
                travel.allow("speedKmh", "detourFactor");
                travel.rejectUnknown();
                return matrix != null ? matrix : defaults;
            }
            Double speed = travel.number("speedKmh", false, 1, 300);
            Double detour = travel.number("detourFactor", false, 1, 5);
            travel.rejectUnknown();
            return new TravelSpec.StraightLine(speed != null ? speed : DEFAULT_SPEED_KMH,
                    detour != null ? detour : DEFAULT_DETOUR_FACTOR);
        }

        private @Nullable TravelSpec matrix(@Nullable Fields matrix) {
            if (matrix == null) {
                return null;
            }
            int[][] seconds = square(matrix, "seconds", true);
            int[][] metres = square(matrix, "metres", false);
            matrix.rejectUnknown();
            if (seconds == null) {
                return null;
            }
            int size = seconds.length;
            if (metres != null && metres.length != size) {
                matrix.error("metres", "is " + metres.length + "x" + metres.length + " but \"seconds\" is " + size + "x"
                        + size + "; both describe the same places");
                return null;
            }
            int[] flatSeconds = new int[size * size];
            int[] flatMetres = new int[size * size];
            for (int from = 0; from < size; from++) {
                for (int to = 0; to < size; to++) {
                    flatSeconds[from * size + to] = seconds[from][to];
                    flatMetres[from * size + to] = metres != null ? metres[from][to]
                            : seconds[from][to] < 0 ? -1 : 0;
                    if (metres != null && (seconds[from][to] < 0) != (metres[from][to] < 0)) {
                        matrix.error("metres[" + from + "][" + to + "]", "is " + metres[from][to] + " but seconds["
                                + from + "][" + to + "] is " + seconds[from][to] + "; a pair is unreachable (-1) in"
                                + " both or in neither");
                    }
                }
            }
            return new TravelSpec.Matrix(size, flatSeconds, flatMetres);
        }

        /** A square array of arrays of whole numbers >= -1 (-1 or null = unreachable). */
        private int @Nullable [][] square(Fields matrix, String field, boolean required) {
            List<Fields.Element> rows = matrix.array(field, required);
            if (rows.isEmpty()) {
                if (matrix.has(field)) {
                    matrix.error(field, "is empty; give one row per place");
                }
                return null;
            }
            int size = rows.size();
            int[][] values = new int[size][size];
            int before = errors.size();
            for (Fields.Element row : rows) {
                if (!row.node().isArray()) {
                    errors.add(row.path(), "expected a row [...] of " + size + " numbers, got " + Fields.describe(row.node()));
                    continue;
                }
                if (row.node().size() != size) {
                    errors.add(row.path(), "has " + row.node().size() + " entries but the matrix has " + size
                            + " rows; it must be square");
                    continue;
                }
                for (int column = 0; column < size; column++) {
                    JsonNode cell = row.node().get(column);
                    String cellPath = row.path() + "[" + column + "]";
                    if (cell.isNull()) {
                        values[row.index()][column] = -1;
                    } else if (!cell.canConvertToInt() || !(cell.isIntegralNumber()
                            || cell.asDouble() == Math.rint(cell.asDouble())) || cell.asInt() < -1) {
                        errors.add(cellPath, "expected a whole number >= 0 (or -1 / null for unreachable), got "
                                + Fields.describe(cell));
                    } else {
                        values[row.index()][column] = cell.asInt();
                    }
                }
                if (values[row.index()][row.index()] != 0 && errors.size() == before) {
                    errors.add(row.path() + "[" + row.index() + "]", "is " + values[row.index()][row.index()]
                            + "; travel from a place to itself must be 0");
                }
            }
            return errors.size() == before ? values : null;
        }

        // ---- cross-checks ---------------------------------------------------------------------------------------

        /**
         * Reports items whose "id" repeats an earlier item's, whether or not the items read cleanly otherwise, and
         * returns every id present.
         */
        private Set<String> duplicates(List<Fields> items, String what) {
            Map<String, Integer> first = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                JsonNode id = items.get(i).raw("id", false);
                if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                    continue;
                }
                String value = id.textValue().strip();
                Integer earlier = first.putIfAbsent(value, i);
                if (earlier != null) {
                    errors.add(items.get(i).path("id"), "duplicate " + what + " id \"" + value + "\"; "
                            + items.get(earlier).path() + " has it too. Ids must be unique");
                }
            }
            return first.keySet();
        }

        /** Pinned visits of one shift take distinct positions 0, 1, 2, ... */
        private void checkPins(List<VisitSpec> visits) {
            Map<String, Map<Integer, String>> pinsByShift = new LinkedHashMap<>();
            for (int i = 0; i < visits.size(); i++) {
                VisitSpec visit = visits.get(i);
                if (visit.pin() == null || !shiftIds.contains(visit.pin().shift())) {
                    continue;
                }
                String other = pinsByShift.computeIfAbsent(visit.pin().shift(), k -> new TreeMap<>())
                        .putIfAbsent(visit.pin().position(), visit.id());
                if (other != null) {
                    errors.add(visitPath(visits, visit.id()) + ".pin.position", "visit \"" + other
                            + "\" is already pinned to position " + visit.pin().position() + " of shift \""
                            + visit.pin().shift() + "\"; give each pinned visit its own position");
                }
            }
            for (Map.Entry<String, Map<Integer, String>> entry : pinsByShift.entrySet()) {
                int expected = 0;
                for (Map.Entry<Integer, String> pinned : entry.getValue().entrySet()) {
                    if (pinned.getKey() != expected) {
                        errors.add(visitPath(visits, pinned.getValue()) + ".pin.position", "is " + pinned.getKey()
                                + " but shift \"" + entry.getKey() + "\" has no visit pinned at position " + expected
                                + "; pinned visits fill positions 0, 1, 2, ... from the start of the route");
                        break;
                    }
                    expected++;
                }
            }
        }

        /** The path of a read visit; visit specs keep file order but skip unreadable items, so look it up. */
        private String visitPath(List<VisitSpec> visits, String id) {
            Integer index = visitIndex.get(id);
            return index == null ? "visits" : "visits[" + index + "]";
        }

        private boolean reference(Fields item, String field, @Nullable String id, Set<String> known, String what) {
            return id == null || reference(item.path(field), id, known, what);
        }

        private boolean reference(String path, String id, Set<String> known, String what) {
            if (known.contains(id)) {
                return true;
            }
            String suggestion = Fields.closest(id, known);
            errors.add(path, "no " + what + " \"" + id + "\""
                    + (suggestion != null ? " (did you mean \"" + suggestion + "\"?)" : "") + "; known: "
                    + (known.isEmpty() ? "none" : abbreviate(known)));
            return false;
        }

        /** The index at the end of a path such as {@code visits[12]}. */
        private static int indexIn(String path) {
            return Integer.parseInt(path.substring(path.lastIndexOf('[') + 1, path.length() - 1));
        }

        private static String abbreviate(Set<String> known) {
            List<String> list = List.copyOf(known);
            if (list.size() <= 12) {
                return String.join(", ", list);
            }
            return String.join(", ", list.subList(0, 12)) + " and " + (list.size() - 12) + " more";
        }

        private void checkOrigin(LocalDate origin, boolean explicit, List<ShiftSpec> shifts, List<VisitSpec> visits) {
            LocalDateTime midnight = origin.atStartOfDay();
            for (int i = 0; i < shifts.size(); i++) {
                if (shifts.get(i).start().isBefore(midnight)) {
                    errors.add("shifts[" + i + "].date", shifts.get(i).date() + " is before the plan's origin "
                            + origin + "; move \"origin\" to the first day of the plan");
                }
            }
            for (int i = 0; i < visits.size(); i++) {
                List<WindowSpec> windows = visits.get(i).windows();
                for (int j = 0; j < windows.size(); j++) {
                    if (windows.get(j).end().isBefore(midnight)) {
                        errors.add("visits[" + i + "].timeWindows[" + j + "]", "ends "
                                + TimeParser.show(windows.get(j).end(), null) + ", before the plan's origin " + origin
                                + (explicit ? "" : " (the first shift's date)") + "; no shift can serve it");
                    }
                }
            }
        }

        /** A visit needing a skill no technician has can never be planned; allowed, but worth saying up front. */
        private List<ProblemError> skillsNobodyHas(List<TechnicianSpec> technicians, List<VisitSpec> visits) {
            Set<String> skills = new LinkedHashSet<>();
            technicians.forEach(t -> skills.addAll(t.skills()));
            List<ProblemError> warnings = new ArrayList<>();
            for (VisitSpec visit : visits) {
                for (String skill : visit.skills()) {
                    if (!skills.contains(skill)) {
                        warnings.add(new ProblemError(visitPath(visits, visit.id()) + ".skills", "no technician has"
                                + " skill \"" + skill + "\", so visit \"" + visit.id() + "\" cannot be planned; skills"
                                + " the technicians have: " + (skills.isEmpty() ? "none" : String.join(", ", skills))));
                    }
                }
            }
            return warnings;
        }

        private List<ProblemError> overlappingShifts(List<ShiftSpec> shifts) {
            List<ProblemError> warnings = new ArrayList<>();
            for (int i = 0; i < shifts.size(); i++) {
                for (int j = i + 1; j < shifts.size(); j++) {
                    ShiftSpec a = shifts.get(i);
                    ShiftSpec b = shifts.get(j);
                    if (a.technician().equals(b.technician()) && a.start().isBefore(b.end())
                            && b.start().isBefore(a.end())) {
                        warnings.add(new ProblemError("shifts[" + j + "]", "shift \"" + b.id() + "\" of technician \""
                                + b.technician() + "\" overlaps shift \"" + a.id() + "\" (shifts[" + i + "])"));
                    }
                }
            }
            return warnings;
        }
    }
}
