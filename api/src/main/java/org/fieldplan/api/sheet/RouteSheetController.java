package org.fieldplan.api.sheet;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import java.time.LocalDate;
import org.fieldplan.api.security.CurrentUser;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** {@code /sheets/{technicianId}/{day}} (printable page) and {@code /sheets/{technicianId}/{day}.pdf}. */
@Controller
class RouteSheetController {

    private final RouteSheets sheets;

    RouteSheetController(RouteSheets sheets) {
        this.sheets = sheets;
    }

    @Operation(summary = "A technician's route sheet as PDF")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN}, scope = "Technicians: their own; dispatchers: routes with a stop in their zones. Private comments are printed for staff only.")
    @GetMapping(path = "/sheets/{technicianId}/{day:\\d{4}-\\d{2}-\\d{2}}.pdf")
    @ResponseBody
    ResponseEntity<byte[]> pdf(@PathVariable long technicianId, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) @Nullable String lang) {
        byte[] pdf = sheets.pdf(technicianId, day, lang == null ? "en" : lang, CurrentUser.fromContext());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"route-" + technicianId + "-" + day + ".pdf\"")
                .body(pdf);
    }

    @Operation(summary = "A technician's printable route sheet (HTML)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN}, scope = "Technicians: their own; dispatchers: routes with a stop in their zones. Private comments are printed for staff only.")
    @GetMapping(path = "/sheets/{technicianId}/{day:\\d{4}-\\d{2}-\\d{2}}")
    @ResponseBody
    ResponseEntity<String> html(@PathVariable long technicianId, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) @Nullable String lang) {
        String html = sheets.html(technicianId, day, lang == null ? "en" : lang, CurrentUser.fromContext());
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8)).body(html);
    }
}
