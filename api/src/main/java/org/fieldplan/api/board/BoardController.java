package org.fieldplan.api.board;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.fieldplan.api.desk.RuleTexts;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The board's API (staff) and page. */
@Controller
class BoardController {

    private final Board board;
    private final RuleTexts rules;

    BoardController(Board board, RuleTexts rules) {
        this.board = board;
        this.rules = rules;
    }

    @Operation(summary = "The board's day: routes, workload, unplanned requests")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: technicians and requests of their zones; none without zones.")
    @GetMapping("/api/board/day")
    @ResponseBody
    Board.Day day(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return board.day(date, CurrentUser.fromContext(), org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    record PinInput(@Nullable Long requestId, @Nullable Boolean pinned, @Nullable Integer routeVersion) {}

    @Operation(summary = "Pin or unpin a stop")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: their zones only (ZoneScope).")
    @PostMapping("/api/board/pin")
    @ResponseBody
    ResponseEntity<Void> pin(@RequestBody PinInput in) {
        if (in.requestId() == null || in.pinned() == null) {
            throw new InvalidInputException(List.of(new FieldProblem("requestId", in.requestId(), "give the request and pinned: true or false")));
        }
        board.pin(in.requestId(), in.pinned(), in.routeVersion(), CurrentUser.fromContext());
        return ResponseEntity.noContent().build();
    }

    record MoveInput(@Nullable LocalDate date, @Nullable Long requestId, @Nullable Long technicianId,
            @Nullable Integer position, @Nullable Boolean apply, @Nullable Integer sourceVersion,
            @Nullable Integer targetVersion, @Nullable Integer member) {}

    /**
     * The check's answer: {@code violations} as the engine words them (English, stable for callers that read them),
     * {@code explained} the same rules named and worded in the caller's language (English or Russian), in order.
     */
    record MoveAnswer(boolean allowed, List<String> violations, List<String> explained, @Nullable String arrival) {}

    /**
     * The hard-rule check of a move; with {@code apply: true} and nothing broken, the move is stored. {@code member}
     * (default 1) picks which technician of a team's visit moves: 2..n replace that member with the target technician.
     */
    @Operation(summary = "Check or apply moving a visit (or one member of a team's visit) to a technician")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: their zones' requests onto their zones' technicians.")
    @PostMapping("/api/board/move")
    @ResponseBody
    MoveAnswer move(@RequestBody MoveInput in) {
        if (in.date() == null || in.requestId() == null || in.technicianId() == null || in.position() == null || in.position() < 0) {
            throw new InvalidInputException(List.of(new FieldProblem("move", in, "give date, requestId, technicianId and position >= 0")));
        }
        if (in.member() != null && (in.member() < 1 || in.member() > 6)) {
            throw new InvalidInputException("member", in.member(), "is not a team member's number (1..6; 1 = the request's own stop)");
        }
        Board.Check check = board.move(in.date(), in.requestId(), in.member() == null ? 1 : in.member(), in.technicianId(),
                in.position(), Boolean.TRUE.equals(in.apply()), in.sourceVersion(), in.targetVersion(), CurrentUser.fromContext());
        return new MoveAnswer(check.allowed(), check.violations(), rules.translate(check.violations(), LocaleContextHolder.getLocale()),
                check.arrival());
    }

    record TeamMoveInput(@Nullable LocalDate date, @Nullable Long requestId, @Nullable String start,
            @Nullable List<Long> technicianIds, @Nullable Boolean apply) {}

    /**
     * The hard-rule check of moving a whole team visit (every member) to another start and/or other technicians;
     * with {@code apply: true} and nothing broken, it is stored. {@code technicianIds}: one per member, member 1's
     * first; {@code start}: "HH:mm" on {@code date}.
     */
    @Operation(summary = "Check or apply moving a whole team visit (all members) to a start and technicians")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: their zones' requests onto their zones' technicians.")
    @PostMapping("/api/board/move-team")
    @ResponseBody
    MoveAnswer moveTeam(@RequestBody TeamMoveInput in) {
        List<FieldProblem> problems = new java.util.ArrayList<>();
        if (in.date() == null) {
            problems.add(new FieldProblem("date", null, "give the day, e.g. 2026-06-02"));
        }
        if (in.requestId() == null) {
            problems.add(new FieldProblem("requestId", null, "give the team visit's request"));
        }
        LocalTime start = null;
        if (in.start() == null || !in.start().matches("\\d{2}:\\d{2}")) {
            problems.add(new FieldProblem("start", in.start(), "give the common start as HH:mm, e.g. 11:00"));
        } else {
            try {
                start = LocalTime.parse(in.start());
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(new FieldProblem("start", in.start(), "is not a time of day (HH:mm, 00:00-23:59)"));
            }
        }
        if (in.technicianIds() == null || in.technicianIds().isEmpty() || in.technicianIds().size() > 6
                || in.technicianIds().stream().anyMatch(java.util.Objects::isNull)) {
            problems.add(new FieldProblem("technicianIds", in.technicianIds(), "give one technician per member (2..6), member 1's first"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Board.Check check = board.moveTeam(in.date(), in.requestId(), start, in.technicianIds(),
                Boolean.TRUE.equals(in.apply()), CurrentUser.fromContext());
        return new MoveAnswer(check.allowed(), check.violations(), rules.translate(check.violations(), LocaleContextHolder.getLocale()),
                check.arrival());
    }

    @Operation(summary = "Technicians of a zone free in an interval")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: their own zones (403 for another).")
    @GetMapping("/api/board/free")
    @ResponseBody
    List<Board.Free> free(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam long zoneId, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) LocalTime from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) LocalTime to) {
        return board.free(date, zoneId, from, to, CurrentUser.fromContext());
    }
}
