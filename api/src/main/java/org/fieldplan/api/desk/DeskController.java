package org.fieldplan.api.desk;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The desk's request list and its CSV export. */
@RestController
@RequestMapping("/api/desk")
class DeskController {

    private static final String SCOPE = "Dispatchers: the requests of their zones (none without a zone); "
            + "administrators: all, including those outside every zone. Naming a zone not yours is 403.";

    private final DeskRequests requests;
    private final Clock clock;

    DeskController(DeskRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * One page of the requests the caller may see, filtered and sorted on the server, with the counts per status under
     * every filter but {@code status}. {@code status} and {@code source} may repeat or list values with commas;
     * {@code zoneId=none}: outside every zone; dates are days in the company's time zone or ISO date-times;
     * {@code q} searches number, customer name, phone, e-mail and address; {@code sort} e.g. {@code created,-deadline}
     * (created, deadline, number, status, priority, updated; {@code -} descending; default {@code -created});
     * {@code page} from 0, {@code size} 1..200 (50).
     */
    @Operation(summary = "The desk's request list: filters, counts per status, one page")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = SCOPE)
    @GetMapping("/requests")
    DeskRequests.Page list(@RequestParam(required = false) @Nullable List<String> status,
            @RequestParam(required = false) @Nullable String zoneId,
            @RequestParam(required = false) @Nullable String technicianId,
            @RequestParam(required = false) @Nullable List<String> source,
            @RequestParam(required = false) @Nullable String overdue,
            @RequestParam(required = false) @Nullable String forgotten,
            @RequestParam(required = false) @Nullable String deadlineFrom,
            @RequestParam(required = false) @Nullable String deadlineTo,
            @RequestParam(required = false) @Nullable String createdFrom,
            @RequestParam(required = false) @Nullable String createdTo,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String sort,
            @RequestParam(required = false) @Nullable String page,
            @RequestParam(required = false) @Nullable String size) {
        DeskQuery query = DeskQuery.parse(new DeskQuery.Raw(status, zoneId, technicianId, source, overdue, forgotten,
                deadlineFrom, deadlineTo, createdFrom, createdTo, q, sort, page, size), clock.getZone(), true);
        return requests.list(query, CurrentUser.fromContext());
    }

    /** The same list as CSV (UTF-8 with a byte-order mark for spreadsheets, a header row), every page at once. */
    @Operation(summary = "The desk's request list as CSV")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = SCOPE)
    @GetMapping("/requests.csv")
    void csv(@RequestParam(required = false) @Nullable List<String> status,
            @RequestParam(required = false) @Nullable String zoneId,
            @RequestParam(required = false) @Nullable String technicianId,
            @RequestParam(required = false) @Nullable List<String> source,
            @RequestParam(required = false) @Nullable String overdue,
            @RequestParam(required = false) @Nullable String forgotten,
            @RequestParam(required = false) @Nullable String deadlineFrom,
            @RequestParam(required = false) @Nullable String deadlineTo,
            @RequestParam(required = false) @Nullable String createdFrom,
            @RequestParam(required = false) @Nullable String createdTo,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String sort,
            HttpServletResponse response) throws IOException {
        DeskQuery query = DeskQuery.parse(new DeskQuery.Raw(status, zoneId, technicianId, source, overdue, forgotten,
                deadlineFrom, deadlineTo, createdFrom, createdTo, q, sort, null, null), clock.getZone(), false);
        CurrentUser user = CurrentUser.fromContext();
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"requests.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        out.write(DeskCsv.HEADER);
        try {
            requests.each(query, user, item -> {
                try {
                    out.write(DeskCsv.row(item));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the client went away
        }
        out.flush();
    }
}
