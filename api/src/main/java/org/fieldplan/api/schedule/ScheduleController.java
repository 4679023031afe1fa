package org.fieldplan.api.schedule;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
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

    ScheduleController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    /** The stored intervals (weekly ones once), filtered; from/to keep those that can apply in that period. */
    @GetMapping
    List<ScheduleView> list(@RequestParam(required = false) @Nullable Long technicianId,
            @RequestParam(required = false) @Nullable Long teamId, @RequestParam(required = false) @Nullable Long zoneId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
        return schedules.list(technicianId, teamId, zoneId, from, to);
    }

    /** Concrete working intervals per technician and date (weekly and team intervals expanded). */
    @GetMapping("/working-intervals")
    List<WorkingInterval> workingIntervals(@RequestParam(required = false) @Nullable Long technicianId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return schedules.workingIntervals(technicianId, from, to);
    }

    @GetMapping("/{id}")
    ResponseEntity<ScheduleView> get(@PathVariable long id) {
        ScheduleView interval = schedules.get(id);
        return ResponseEntity.ok().eTag(Versions.etag(interval.version())).body(interval);
    }

    /** 201 with the interval and, when it overlaps another of the same technician, {@code warnings}. */
    @PostMapping
    ResponseEntity<ScheduleSaved> create(@Valid @RequestBody ScheduleInput input) {
        ScheduleSaved saved = schedules.create(input);
        return ResponseEntity.created(URI.create("/api/schedules/" + saved.interval().id()))
                .eTag(Versions.etag(saved.interval().version())).body(saved);
    }

    @PutMapping("/{id}")
    ResponseEntity<ScheduleSaved> update(@PathVariable long id, @Valid @RequestBody ScheduleInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ScheduleSaved saved = schedules.update(id, input, Versions.fromIfMatch(ifMatch));
        return ResponseEntity.ok().eTag(Versions.etag(saved.interval().version())).body(saved);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        schedules.delete(id);
    }
}
