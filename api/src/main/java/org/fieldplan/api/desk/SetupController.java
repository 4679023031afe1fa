package org.fieldplan.api.desk;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.Versions;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The desk's set-up: intake sources and request templates. */
@RestController
class SetupController {

    private final IntakeSources sources;
    private final RequestTemplates templates;

    SetupController(IntakeSources sources, RequestTemplates templates) {
        this.sources = sources;
        this.templates = templates;
    }

    @Operation(summary = "List the intake sources with their responsible person and required fields")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/api/intake-sources")
    List<IntakeSources.SourceView> sources() {
        return sources.list();
    }

    /**
     * Changes a source: names, the responsible person (an administrator or dispatcher; a request outside every zone
     * goes to them), the required fields (customer.phone, customer.email, description, preferredWindow, priority),
     * whether it is taken. A field left out stays as it is, except {@code responsibleUserId} (null: nobody).
     */
    @Operation(summary = "Change an intake source (If-Match)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/api/intake-sources/{code}")
    ResponseEntity<IntakeSources.SourceView> updateSource(@PathVariable String code,
            @RequestBody IntakeSources.SourceInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        IntakeSources.SourceView current = sources.get(code);
        IntakeSources.SourceView updated = sources.update(current.code(), input,
                Versions.required(ifMatch, "Changing intake source " + code));
        return ResponseEntity.ok().eTag(Versions.etag(updated.version())).body(updated);
    }

    @Operation(summary = "List the request templates")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/api/request-templates")
    List<RequestTemplates.TemplateView> templates() {
        return templates.list();
    }

    @Operation(summary = "Create a request template")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @PostMapping("/api/request-templates")
    ResponseEntity<RequestTemplates.TemplateView> createTemplate(@RequestBody RequestTemplates.TemplateInput input) {
        RequestTemplates.TemplateView created = templates.create(input, CurrentUser.fromContext());
        return ResponseEntity.created(URI.create("/api/request-templates/" + created.id()))
                .eTag(Versions.etag(created.version())).body(created);
    }

    @Operation(summary = "Read a request template (its ETag is its version)")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/api/request-templates/{id}")
    ResponseEntity<RequestTemplates.TemplateView> template(@PathVariable long id) {
        RequestTemplates.TemplateView t = templates.get(id);
        return ResponseEntity.ok().eTag(Versions.etag(t.version())).body(t);
    }

    /** Replaces a template as a whole (name, services, comment, deadline rule, priority, source); If-Match required. */
    @Operation(summary = "Change a request template (If-Match)")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @PutMapping("/api/request-templates/{id}")
    ResponseEntity<RequestTemplates.TemplateView> updateTemplate(@PathVariable long id,
            @RequestBody RequestTemplates.TemplateInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        RequestTemplates.TemplateView updated = templates.update(id, input,
                Versions.required(ifMatch, "Changing request template " + id));
        return ResponseEntity.ok().eTag(Versions.etag(updated.version())).body(updated);
    }

    /**
     * Deletes a template. Always allowed: requests registered from it copied its content and keep no link to it.
     * An If-Match, when sent, must name the current version.
     */
    @Operation(summary = "Delete a request template (If-Match optional)")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @DeleteMapping("/api/request-templates/{id}")
    ResponseEntity<Void> deleteTemplate(@PathVariable long id,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        templates.delete(id, Versions.fromIfMatch(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
