package org.fieldplan.api.schedule;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.Versions;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/schedules")
class ScheduleController {

    private final ScheduleService schedules;
    private final ZoneScope scope;

    ScheduleController(ScheduleService schedules, ZoneScope scope) {
        this.schedules = schedules;
        this.scope = scope;
    }

    /** A dispatcher enters intervals only in their own zones, for technicians they see (administrators: any). */
    private void mayWrite(CurrentUser user, ScheduleInput input) {
        if (scope.zones(user).everything()) {
            return;
        }
        if (input.zoneId() == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "outside-your-zones", "Outside your zones",
                    "An interval in no particular zone serves every zone; only an administrator enters one. Give zoneId, one of "
                            + scope.zones(user).ids() + ".", java.util.Map.of("field", "zoneId"));
        }
        scope.requireZone(user, input.zoneId());
        if (input.technicianId() != null) {
            scope.requireTechnician(user, input.technicianId());
        }
    }

    /** The stored intervals (weekly ones once), filtered; from/to keep those that can apply in that period. */
    @Operation(summary = "List working intervals")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: intervals in their zones and the unzoned ones of their technicians.")
    @GetMapping
    List<ScheduleView> list(@RequestParam(required = false) @Nullable Long technicianId,
            @RequestParam(required = false) @Nullable Long teamId, @RequestParam(required = false) @Nullable Long zoneId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
        return schedules.list(technicianId, teamId, zoneId, from, to, ZoneScope.schedules(CurrentUser.fromContext()));
    }

    /** Concrete working intervals per technician and date (weekly and team intervals expanded). */
    @Operation(summary = "Concrete working intervals per technician and date")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: technicians of their zones.")
    @GetMapping("/working-intervals")
    List<WorkingInterval> workingIntervals(@RequestParam(required = false) @Nullable Long technicianId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        CurrentUser user = CurrentUser.fromContext();
        if (technicianId != null) {
            scope.requireTechnician(user, technicianId);
        }
        return schedules.workingIntervals(technicianId, from, to, ZoneScope.technicians(user));
    }

    /** Who works in a zone over a range of days (and, with start/end, during those hours), day by day. */
    @Operation(summary = "Technicians working in a zone over a range of days")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: their own zones; technicians of their zones.")
    @GetMapping("/free")
    List<FreeTechnician> free(@RequestParam long zoneId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) java.time.@Nullable LocalTime start,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) java.time.@Nullable LocalTime end) {
        CurrentUser user = CurrentUser.fromContext();
        scope.requireZone(user, zoneId);
        return schedules.free(zoneId, from, to, start, end, ZoneScope.technicians(user));
    }

    @Operation(summary = "Read one working interval (ETag)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: intervals in their zones.")
    @GetMapping("/{id}")
    ResponseEntity<ScheduleView> get(@PathVariable long id) {
        scope.requireSchedule(CurrentUser.fromContext(), id);
        ScheduleView interval = schedules.get(id);
        return ResponseEntity.ok().eTag(Versions.etag(interval.version())).body(interval);
    }

    /** 201 with the interval and, when it overlaps another of the same technician, {@code warnings}. */
    @Operation(summary = "Enter a working interval")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: in their own zones, for technicians they see.")
    @PostMapping
    ResponseEntity<ScheduleSaved> create(@Valid @RequestBody ScheduleInput input) {
        mayWrite(CurrentUser.fromContext(), input);
        ScheduleSaved saved = schedules.create(input);
        return ResponseEntity.created(URI.create("/api/schedules/" + saved.interval().id()))
                .eTag(Versions.etag(saved.interval().version())).body(saved);
    }

    @Operation(summary = "Change a working interval (If-Match)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: in their own zones, for technicians they see.")
    @PutMapping("/{id}")
    ResponseEntity<ScheduleSaved> update(@PathVariable long id, @Valid @RequestBody ScheduleInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        scope.requireSchedule(CurrentUser.fromContext(), id);
        mayWrite(CurrentUser.fromContext(), input);
        ScheduleSaved saved = schedules.update(id, input, Versions.required(ifMatch, "Replacing working interval " + id));
        return ResponseEntity.ok().eTag(Versions.etag(saved.interval().version())).body(saved);
    }

    @Operation(summary = "Delete a working interval")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: intervals in their zones.")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        scope.requireSchedule(CurrentUser.fromContext(), id);
        schedules.delete(id);
    }
}
