package org.fieldplan.api.technician;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.fieldplan.api.web.Versions;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TechnicianController {

    private final TechnicianService technicians;
    private final ZoneScope scope;

    TechnicianController(TechnicianService technicians, ZoneScope scope) {
        this.technicians = technicians;
        this.scope = scope;
    }

    @Operation(summary = "List technicians")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: technicians working in their zones.")
    @GetMapping("/api/technicians")
    List<TechnicianView> list(@RequestParam(required = false) @Nullable Boolean active,
            @RequestParam(required = false) @Nullable String skill, @RequestParam(required = false) @Nullable Long teamId,
            @RequestParam(required = false) @Nullable String city) {
        return technicians.list(active, skill, teamId, city, ZoneScope.technicians(CurrentUser.fromContext()));
    }

    @Operation(summary = "Read one technician (ETag)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: technicians working in their zones.")
    @GetMapping("/api/technicians/{id}")
    ResponseEntity<TechnicianView> get(@PathVariable long id) {
        scope.requireTechnician(CurrentUser.fromContext(), id);
        TechnicianView technician = technicians.get(id);
        return ResponseEntity.ok().eTag(Versions.etag(technician.version())).body(technician);
    }

    @Operation(summary = "Create a technician")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/technicians")
    ResponseEntity<TechnicianView> create(@Valid @RequestBody TechnicianInput input) {
        TechnicianView created = technicians.create(input);
        return ResponseEntity.created(URI.create("/api/technicians/" + created.id()))
                .eTag(Versions.etag(created.version())).body(created);
    }

    @Operation(summary = "Change a technician (If-Match)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/api/technicians/{id}")
    ResponseEntity<TechnicianView> update(@PathVariable long id, @Valid @RequestBody TechnicianInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        TechnicianView updated = technicians.update(id, input, Versions.required(ifMatch, "Replacing technician " + id));
        return ResponseEntity.ok().eTag(Versions.etag(updated.version())).body(updated);
    }

    @Operation(summary = "List skills")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/api/skills")
    List<SkillView> skills() {
        return technicians.skills();
    }

    /** Creates the skill {code} (201) or renames it (200). */
    @Operation(summary = "Create or rename a skill")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/api/skills/{code}")
    ResponseEntity<SkillView> putSkill(@PathVariable String code, @Valid @RequestBody SkillName body) {
        SkillView skill = new SkillView(code, body.name());
        org.fieldplan.api.web.Validation.check(skill);
        boolean created = technicians.putSkill(skill);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(skill);
    }

    record SkillName(@jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 200) String name) {}

    @Operation(summary = "List teams")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/api/teams")
    List<TeamView> teams() {
        return technicians.teams();
    }

    @Operation(summary = "Create a team")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/teams")
    ResponseEntity<TeamView> createTeam(@Valid @RequestBody TeamInput input) {
        TeamView team = technicians.createTeam(input);
        return ResponseEntity.created(URI.create("/api/teams/" + team.id())).body(team);
    }
}
