package org.fieldplan.geo.problem;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.RouteEnd;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;

/**
 * Writes a solved plan as JSON (format in {@code docs/problem-format.md}, section "The solution file"): score,
 * totals, per shift the ordered visits with their times, and the unassigned visits with plain-words reasons. The
 * {@code shifts[].visits[].id} lists double as a warm start ({@link WarmStart}). The file is written to a
 * temporary sibling first and moved into place, so a failed run never leaves half a file.
 */
public final class SolutionWriter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /**
     * How the solution was made, recorded in the file.
     *
     * @param problemFile the problem file as given on the command line
     * @param travel      how travel was computed, e.g. "straight line 30 km/h x 1.3"
     * @param seconds     the time limit
     * @param seed        the random seed
     */
    public record RunInfo(String problemFile, String travel, long seconds, long seed) {}

    /**
     * The solution as a JSON tree.
     *
     * @param reasons plain-words reasons why each unassigned visit is unassigned, by visit id
     */
    public ObjectNode toJson(ProblemSpec spec, FieldPlan plan, Map<String, List<String>> reasons, RunInfo run) {
        ObjectNode root = ProblemReader.MAPPER.createObjectNode();
        root.put("problem", spec.name());
        root.put("problemFile", run.problemFile());
        if (spec.timeZone() != null) {
            root.put("timeZone", spec.timeZone());
        }
        root.put("origin", spec.origin().toString());
        root.put("score", plan.getScore() == null ? "not solved" : plan.getScore().toString());
        root.put("feasible", plan.getScore() != null && plan.getScore().isFeasible());
        root.put("assigned", plan.assignedCount());
        root.put("unassigned", plan.unassignedCount());
        ObjectNode travel = root.putObject("travel");
        travel.put("seconds", plan.travelSeconds());
        travel.put("metres", plan.travelMetres());
        travel.put("method", run.travel());
        ObjectNode solver = root.putObject("solver");
        solver.put("seconds", run.seconds());
        solver.put("seed", run.seed());

        ArrayNode shifts = root.putArray("shifts");
        for (Shift shift : plan.getShifts()) {
            shifts.add(shift(plan, shift));
        }
        ArrayNode unassigned = root.putArray("unassignedVisits");
        for (Visit visit : plan.getVisits()) {
            if (!visit.isAssigned()) {
                ObjectNode item = unassigned.addObject();
                item.put("id", visit.getId());
                item.put("label", visit.getLabel());
                item.put("priority", visit.getPriority());
                ArrayNode why = item.putArray("reasons");
                reasons.getOrDefault(visit.getId(), List.of()).forEach(why::add);
            }
        }
        return root;
    }

    private ObjectNode shift(FieldPlan plan, Shift shift) {
        ObjectNode item = ProblemReader.MAPPER.createObjectNode();
        item.put("id", shift.getId());
        item.put("technician", shift.getTechnician().id());
        item.put("technicianName", shift.getTechnician().name());
        item.put("date", shift.getDay().toString());
        item.put("start", time(plan, shift.getStartTime()));
        RouteEnd end = shift.routeEnd();
        item.put("end", time(plan, end.end()));
        item.put("latestEnd", time(plan, shift.getLatestEnd()));
        item.put("overtimeSeconds", shift.overtimeSeconds());
        item.put("travelSeconds", shift.travelSeconds());
        item.put("travelMetres", shift.travelMetres());
        item.put("demand", shift.totalDemand());
        if (shift.hasCapacityLimit()) {
            item.put("capacity", shift.getCapacity());
        }
        ArrayNode visits = item.putArray("visits");
        List<Visit> route = shift.getVisits();
        for (int position = 0; position < route.size(); position++) {
            visits.add(visit(plan, route.get(position), position));
        }
        if (!route.isEmpty()) {
            ObjectNode home = item.putObject("returnLeg");
            home.put("travelSeconds", end.travelSeconds());
            home.put("travelMetres", end.travelMetres());
            if (end.breakSeconds() > 0) {
                home.put("breakSeconds", end.breakSeconds());
            }
            if (!end.reachable()) {
                home.put("unreachable", true);
            }
        }
        return item;
    }

    private ObjectNode visit(FieldPlan plan, Visit visit, int position) {
        ObjectNode item = ProblemReader.MAPPER.createObjectNode();
        item.put("id", visit.getId());
        item.put("label", visit.getLabel());
        item.put("position", position);
        if (visit.isPinned()) {
            item.put("pinned", true);
        }
        if (visit.getGroup() != null) {
            // work for a team: which visit of the file it is and who works alongside
            item.put("team", visit.getGroup().id());
            ArrayNode alongside = item.putArray("alongside");
            for (Visit other : plan.getVisits()) {
                if (other != visit && visit.getGroup().equals(other.getGroup()) && other.getShift() != null) {
                    alongside.add(other.getShift().getTechnician().id());
                }
            }
        }
        VisitTiming timing = visit.getTiming();
        if (timing != null) {
            item.put("arrival", time(plan, timing.arrival()));
            item.put("start", time(plan, timing.start()));
            item.put("end", time(plan, timing.departure()));
            item.put("travelSeconds", timing.travelSeconds());
            item.put("travelMetres", timing.travelMetres());
            if (timing.waitingSeconds() > 0) {
                item.put("waitingSeconds", timing.waitingSeconds());
            }
            if (timing.breakSeconds() > 0) {
                item.put("breakSeconds", timing.breakSeconds());
            }
        }
        if (Double.isFinite(visit.getLocation().lat())) {
            item.put("lat", visit.getLocation().lat());
            item.put("lon", visit.getLocation().lon());
        }
        List<String> problems = StopProblems.of(plan, visit);
        if (!problems.isEmpty()) {
            ArrayNode list = item.putArray("problems");
            problems.forEach(list::add);
        }
        return item;
    }

    static String time(FieldPlan plan, long seconds) {
        return TIME.format(plan.toDateTime(seconds));
    }

    static String time(LocalDateTime time) {
        return TIME.format(time);
    }

    /** Writes the JSON to {@code file} through a temporary sibling, replacing any earlier file at once. */
    public void write(ObjectNode solution, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, ProblemReader.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(solution) + System.lineSeparator(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
