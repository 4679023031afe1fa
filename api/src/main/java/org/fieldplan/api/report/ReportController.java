package org.fieldplan.api.report;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletResponse;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/reports}: the reports (docs/reports.md) as JSON, their drill-down to requests, and CSV and Excel exports.
 * Every answer lies within the caller's scope; a zone named that is not theirs is 403.
 */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class ReportController {

    static final String SCOPE = "Administrators and directors: every zone and the requests outside every zone; a head of "
            + "department: the zones of their department's administrators; an administrator (dispatcher): their own zones' "
            + "figures. Naming a zone not theirs is 403.";

    private final Reports reports;
    private final ReportExport export;

    ReportController(Reports reports, ReportExport export) {
        this.reports = reports;
        this.export = export;
    }

    /**
     * Intake, delivery, quality and money over the period ({@code from}..{@code to}, days in the company's time zone,
     * both included; default: this month so far), narrowed by the optional filters. Each counted figure names its
     * drill-down ({@code drill}: the query for {@code /api/reports/requests}).
     */
    @Operation(summary = "A report over a period: intake, delivery, quality and money")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = SCOPE)
    @GetMapping("/api/reports")
    Reports.Report report(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable String city, @RequestParam(required = false) @Nullable Long zoneId,
            @RequestParam(required = false) @Nullable Long departmentId, @RequestParam(required = false) @Nullable Long administratorId,
            @RequestParam(required = false) @Nullable Long technicianId, @RequestParam(required = false) @Nullable String source,
            @RequestParam(required = false) @Nullable Long serviceTypeId) {
        return reports.report(CurrentUser.fromContext(), ReportFilter.of(from, to, city, zoneId, departmentId, administratorId,
                technicianId, source, serviceTypeId, reports.today()));
    }

    /**
     * The requests behind one figure: {@code figure} (received, forgotten, done, cancelled, refused, overdue, deadlineHit,
     * visits, rated, disputed, booked) with the report's filter, and for a table's row its key ({@code day} and
     * {@code source}; {@code technician}, an id or {@code none}; {@code service}; {@code modifier}). The count is complete;
     * the list stops at 5,000.
     */
    @Operation(summary = "The requests behind a figure of a report (drill-down)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = SCOPE)
    @GetMapping("/api/reports/requests")
    Reports.Drill drill(@RequestParam(required = false) @Nullable String figure,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable String city, @RequestParam(required = false) @Nullable Long zoneId,
            @RequestParam(required = false) @Nullable Long departmentId, @RequestParam(required = false) @Nullable Long administratorId,
            @RequestParam(required = false) @Nullable Long technicianId, @RequestParam(required = false) @Nullable String source,
            @RequestParam(required = false) @Nullable Long serviceTypeId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate day,
            @RequestParam(name = "daySource", required = false) @Nullable String daySource,
            @RequestParam(required = false) @Nullable String technician, @RequestParam(required = false) @Nullable Long service,
            @RequestParam(required = false) @Nullable String modifier) {
        ReportFilter filter = ReportFilter.of(from, to, city, zoneId, departmentId, administratorId, technicianId, source,
                serviceTypeId, reports.today());
        return reports.drill(CurrentUser.fromContext(), filter, new Reports.DrillKey(figure == null ? "" : figure.strip(), day,
                daySource, technician, service, modifier));
    }

    @Operation(summary = "A report as CSV (every figure and table, one block each)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = SCOPE)
    @GetMapping("/api/reports.csv")
    void csv(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable String city, @RequestParam(required = false) @Nullable Long zoneId,
            @RequestParam(required = false) @Nullable Long departmentId, @RequestParam(required = false) @Nullable Long administratorId,
            @RequestParam(required = false) @Nullable Long technicianId, @RequestParam(required = false) @Nullable String source,
            @RequestParam(required = false) @Nullable Long serviceTypeId, Locale locale, HttpServletResponse response) throws IOException {
        Reports.Report report = report(from, to, city, zoneId, departmentId, administratorId, technicianId, source, serviceTypeId);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name(report) + ".csv\"");
        export.csv(report, locale, response.getOutputStream());
    }

    @Operation(summary = "A report as an Excel workbook (one sheet per section)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = SCOPE)
    @GetMapping("/api/reports.xlsx")
    void xlsx(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable String city, @RequestParam(required = false) @Nullable Long zoneId,
            @RequestParam(required = false) @Nullable Long departmentId, @RequestParam(required = false) @Nullable Long administratorId,
            @RequestParam(required = false) @Nullable Long technicianId, @RequestParam(required = false) @Nullable String source,
            @RequestParam(required = false) @Nullable Long serviceTypeId, Locale locale, HttpServletResponse response) throws IOException {
        Reports.Report report = report(from, to, city, zoneId, departmentId, administratorId, technicianId, source, serviceTypeId);
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name(report) + ".xlsx\"");
        export.xlsx(report, locale, response.getOutputStream());
    }

    private static String name(Reports.Report report) {
        return "fieldplan-report-" + report.filter().get("from") + "-" + report.filter().get("to");
    }
}
