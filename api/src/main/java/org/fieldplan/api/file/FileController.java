package org.fieldplan.api.file;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Attachments of a request. An upload sends the file's bytes as the body ({@code fetch(url, {method: 'POST', body:
 * file})} from a page, the phone's camera included) with its name in {@code ?name=}; the type comes from the content.
 */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class FileController {

    private static final String SCOPE = "Whoever sees the request; customers see and send public files only.";

    private final Attachments attachments;
    private final org.fieldplan.api.security.ZoneScope scope;

    FileController(Attachments attachments, org.fieldplan.api.security.ZoneScope scope) {
        this.attachments = attachments;
        this.scope = scope;
    }

    @Operation(summary = "Download a file of an e-mail draft (attached to a new e-mail to the intake address)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER},
            scope = "Like the drafts: dispatchers responsible for a zone; a dispatcher with no zone sees none.")
    @GetMapping("/api/inbox/drafts/{id}/files/{fileId}")
    ResponseEntity<InputStreamResource> draftDownload(@PathVariable long id, @PathVariable long fileId) {
        if (scope.zones(CurrentUser.fromContext()).none()) {
            throw new org.fieldplan.api.web.NotFoundException("file", fileId);
        }
        return send(attachments.draftDownload(id, fileId), false);
    }

    @Operation(summary = "Upload a file (the body is the file; 413 over the limit of its type, 415 when not accepted or not what its name says)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = SCOPE)
    @PostMapping("/api/requests/{id}/files")
    ResponseEntity<FileView> upload(@PathVariable long id, @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String visibility, @RequestParam(required = false) @Nullable Long commentId,
            @RequestParam(required = false) @Nullable String lang, HttpServletRequest request) throws IOException {
        FileView file = attachments.upload(id, name, visibility, commentId, request.getContentLengthLong(),
                request.getInputStream(), russian(request), CurrentUser.fromContext());
        return ResponseEntity.created(URI.create(file.download())).body(file);
    }

    @Operation(summary = "List the files of a request")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = SCOPE)
    @GetMapping("/api/requests/{id}/files")
    List<FileView> list(@PathVariable long id) {
        return attachments.list(id, CurrentUser.fromContext());
    }

    @Operation(summary = "Download a file (Content-Disposition with its UTF-8 name)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = SCOPE)
    @GetMapping("/api/requests/{id}/files/{fileId}")
    ResponseEntity<InputStreamResource> download(@PathVariable long id, @PathVariable long fileId) {
        return send(attachments.download(id, fileId, false, CurrentUser.fromContext()), false);
    }

    @Operation(summary = "A small JPEG preview of an image file")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = SCOPE)
    @GetMapping("/api/requests/{id}/files/{fileId}/thumbnail")
    ResponseEntity<InputStreamResource> thumbnail(@PathVariable long id, @PathVariable long fileId) {
        return send(attachments.download(id, fileId, true, CurrentUser.fromContext()), true);
    }

    @Operation(summary = "Delete a file (the office, or whoever uploaded it)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = SCOPE)
    @DeleteMapping("/api/requests/{id}/files/{fileId}")
    ResponseEntity<Void> delete(@PathVariable long id, @PathVariable long fileId) {
        attachments.delete(id, fileId, CurrentUser.fromContext());
        return ResponseEntity.noContent().build();
    }

    /** Problems in Russian for {@code ?lang=ru} or an Accept-Language that starts with ru (the cabinet, the phone page). */
    static boolean russian(HttpServletRequest request) {
        String lang = request.getParameter("lang");
        if (lang == null) {
            lang = request.getHeader(HttpHeaders.ACCEPT_LANGUAGE);
        }
        return lang != null && lang.strip().toLowerCase(java.util.Locale.ROOT).startsWith("ru");
    }

    private static ResponseEntity<InputStreamResource> send(Attachments.Download d, boolean thumbnail) {
        String type = d.mediaType();
        boolean inline = thumbnail || type.startsWith("image/") || type.startsWith("video/") || type.equals("application/pdf");
        String name = thumbnail ? "thumbnail-" + d.file().fileName() + ".jpg" : d.file().fileName();
        var builder = ResponseEntity.ok().contentType(MediaType.parseMediaType(type))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.of(inline, name))
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
        if (d.length() >= 0) {
            builder.contentLength(d.length());
            builder.eTag("\"" + d.file().sha256() + "\"");
        }
        return builder.body(new InputStreamResource(d.content()));
    }
}
