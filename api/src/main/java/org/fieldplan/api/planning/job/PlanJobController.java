package org.fieldplan.api.planning.job;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import java.net.URI;
import java.util.List;
import org.fieldplan.api.planning.job.PlanJobMessages.Job;
import org.fieldplan.api.planning.job.PlanJobMessages.NewJob;
import org.fieldplan.api.security.CurrentUser;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Planning jobs (dispatchers for their zones, administrators). */
@RestController
@RequestMapping("/api/plan-jobs")
class PlanJobController {

    private final PlanJobs jobs;

    PlanJobController(PlanJobs jobs) {
        this.jobs = jobs;
    }

    /** 201: the job is queued and starts as soon as the solver is free. */
    @Operation(summary = "Start a planning job")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: their own zones; all zones only for administrators.")
    @PostMapping
    ResponseEntity<Job> start(@RequestBody NewJob job) {
        Job started = jobs.start(job, CurrentUser.fromContext());
        return ResponseEntity.created(URI.create("/api/plan-jobs/" + started.id())).body(started);
    }

    @Operation(summary = "List planning jobs")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: jobs over their zones only.")
    @GetMapping
    List<Job> list() {
        return jobs.list(CurrentUser.fromContext());
    }

    /** The job with its best plan so far: routes with stops and times, unassigned requests with reasons. */
    @Operation(summary = "Read a planning job with its best plan")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: jobs over their zones only.")
    @GetMapping("/{id}")
    Job get(@PathVariable long id) {
        return jobs.get(id, CurrentUser.fromContext(), true);
    }

    /** Server-sent events: {@code progress} on each stored improvement, {@code status} at the end. */
    @Operation(summary = "Follow a job's progress (server-sent events)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: jobs over their zones only.")
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable long id) {
        return jobs.events(id, CurrentUser.fromContext());
    }

    @Operation(summary = "Stop a running job")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: jobs over their zones only.")
    @PostMapping("/{id}/stop")
    Job stop(@PathVariable long id) {
        return jobs.stop(id, CurrentUser.fromContext());
    }

    @Operation(summary = "Resume a job from its best plan")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: jobs over their zones only.")
    @PostMapping("/{id}/resume")
    Job resume(@PathVariable long id, @RequestParam(required = false) @Nullable Integer seconds) {
        return jobs.resume(id, seconds, CurrentUser.fromContext());
    }

    @Operation(summary = "Publish a job's best plan as the routes")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: jobs over their zones only.")
    @PostMapping("/{id}/publish")
    Job publish(@PathVariable long id) {
        return jobs.publish(id, CurrentUser.fromContext());
    }
}
