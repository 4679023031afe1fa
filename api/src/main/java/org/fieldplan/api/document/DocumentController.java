package org.fieldplan.api.document;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Specifications and acts of a request: send, list, download as PDF, agree/refuse, accept/dispute. */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class DocumentController {

    private static final String SCOPE = "Whoever sees the request: dispatchers of its zone, its technician, its customer.";

    private final RequestDocuments documents;

    DocumentController(RequestDocuments documents) {
        this.documents = documents;
    }

    @Operation(summary = "Send a specification (quote) for agreement: a new request becomes quoted, a quoted one gets a new version")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: requests of their zones.")
    @PostMapping("/api/requests/{id}/specification")
    ResponseEntity<DocumentView> specify(@PathVariable long id, @RequestBody DocumentInputs.NewSpecification body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(documents.specify(id, body, CurrentUser.fromContext()));
    }

    @Operation(summary = "Agree to or refuse the current specification (by its number)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.CUSTOMER}, scope = "Customers: their own requests; the office on their behalf.")
    @PostMapping("/api/requests/{id}/specification/decision")
    DocumentView decideSpecification(@PathVariable long id, @RequestBody DocumentInputs.Decision body) {
        return documents.decideSpecification(id, body, CurrentUser.fromContext());
    }

    @Operation(summary = "Accept or dispute the current act of completed work (a dispute needs a comment, posted publicly)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.CUSTOMER}, scope = "Customers: their own requests; the office on their behalf.")
    @PostMapping("/api/requests/{id}/act/decision")
    DocumentView decideAct(@PathVariable long id, @RequestBody DocumentInputs.Decision body) {
        return documents.decideAct(id, body, CurrentUser.fromContext());
    }

    @Operation(summary = "List the specifications and acts of a request")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = SCOPE)
    @GetMapping("/api/requests/{id}/documents")
    List<DocumentView> list(@PathVariable long id) {
        return documents.list(id, CurrentUser.fromContext());
    }

    @Operation(summary = "Download a specification or an act as PDF (in the customer's language unless lang is given)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = SCOPE)
    @GetMapping("/api/requests/{id}/documents/{kind}/{number}.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id, @PathVariable String kind, @PathVariable int number,
            @RequestParam(required = false) @Nullable String lang) {
        DocumentKind k;
        try {
            k = DocumentKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("kind", kind, "must be 'specification' or 'act'");
        }
        if (lang != null && !lang.matches("(?i)en|ru")) {
            throw new InvalidInputException("lang", lang, "must be en or ru");
        }
        byte[] pdf = documents.pdf(id, k, number, lang, CurrentUser.fromContext());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + k.code() + "-" + id + "-" + number + ".pdf\"")
                .body(pdf);
    }
}
