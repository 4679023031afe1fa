package org.fieldplan.api.request;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.fieldplan.api.request.RequestExceptions.VersionRequired;
import org.fieldplan.api.request.RequestMessages.CommentView;
import org.fieldplan.api.request.RequestMessages.HistoryEntry;
import org.fieldplan.api.request.RequestMessages.NewComment;
import org.fieldplan.api.request.RequestMessages.NewRating;
import org.fieldplan.api.request.RequestMessages.RequestEdit;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.SecurityConfig;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Service requests over HTTP. Reads send the version as a strong ETag ({@code "3"}); changes to the request
 * itself (status, edits) require it back in {@code If-Match} and answer 412 when someone else changed the
 * request in between, 428 when If-Match is missing.
 */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
@RequestMapping("/api/requests")
class RequestController {

    private final RequestIntake intake;
    private final ServiceRequests requests;

    RequestController(RequestIntake intake, ServiceRequests requests) {
        this.intake = intake;
        this.requests = requests;
    }

    @Operation(summary = "Register a service request")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.CUSTOMER}, scope = "Customers: for themselves only.")
    @PostMapping
    ResponseEntity<ServiceRequestView> create(@RequestBody NewServiceRequest body) {
        ServiceRequestView created = intake.intake(body, CurrentUser.fromContext());
        return ResponseEntity.created(URI.create("/api/requests/" + created.id())).eTag(etag(created)).body(created);
    }

    @Operation(summary = "List the service requests the caller may see")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = "Dispatchers: their zones; technicians: assigned to them; customers: their own.")
    @GetMapping
    List<ServiceRequestView> list(@RequestParam(required = false) @Nullable String status,
                                  @RequestParam(required = false) @Nullable Long zoneId,
                                  @RequestParam(required = false) @Nullable Boolean outsideServiceArea,
                                  @RequestParam(required = false) @Nullable Long customerId,
                                  @RequestParam(defaultValue = "" + ServiceRequests.DEFAULT_PAGE) int limit,
                                  @RequestParam(defaultValue = "0") int offset) {
        RequestStatus parsed = null;
        if (status != null) {
            try {
                parsed = RequestStatus.fromCode(status);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(List.of(new FieldProblem("status", status, "is not a status; use one of " + RequestStatus.allCodes())));
            }
        }
        if (limit < 1 || limit > ServiceRequests.MAX_PAGE) {
            throw new InvalidInputException(List.of(new FieldProblem("limit", limit, "must be between 1 and " + ServiceRequests.MAX_PAGE)));
        }
        if (offset < 0) {
            throw new InvalidInputException(List.of(new FieldProblem("offset", offset, "must be 0 or more")));
        }
        return requests.list(new ServiceRequests.Filter(parsed, zoneId, outsideServiceArea, customerId, limit, offset),
                CurrentUser.fromContext());
    }

    @Operation(summary = "Read one service request (ETag)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = "Dispatchers: their zones; technicians: assigned to them; customers: their own.")
    @GetMapping("/{id}")
    ResponseEntity<ServiceRequestView> get(@PathVariable long id) {
        ServiceRequestView view = requests.get(id, CurrentUser.fromContext());
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @Operation(summary = "Find a request by its registration number")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = "Dispatchers: their zones; technicians: assigned to them; customers: their own.")
    @GetMapping("/number/{registrationNumber}")
    ResponseEntity<ServiceRequestView> byNumber(@PathVariable String registrationNumber) {
        ServiceRequestView view = requests.byNumber(registrationNumber, CurrentUser.fromContext());
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @Operation(summary = "Move a request along its lifecycle (If-Match)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = "Each move has its roles (see the lifecycle); only on requests the caller may see.")
    @PostMapping("/{id}/status")
    ResponseEntity<ServiceRequestView> changeStatus(@PathVariable long id,
                                                    @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
                                                    @RequestBody StatusChange body) {
        int expected = version(ifMatch, "Changing the status of service request " + id);
        ServiceRequestView view = requests.changeStatus(id, expected, body, CurrentUser.fromContext());
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @Operation(summary = "Edit a request (If-Match)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: their zones only (ZoneScope).")
    @PatchMapping("/{id}")
    ResponseEntity<ServiceRequestView> edit(@PathVariable long id,
                                            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
                                            @RequestBody RequestEdit body) {
        int expected = version(ifMatch, "Editing service request " + id);
        ServiceRequestView view = requests.edit(id, expected, body, CurrentUser.fromContext());
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @Operation(summary = "The request's status history")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = "Customers see the transitions without staff notes.")
    @GetMapping("/{id}/history")
    List<HistoryEntry> history(@PathVariable long id) {
        return requests.history(id, CurrentUser.fromContext());
    }

    @Operation(summary = "The request's comments")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = "Customers see public comments only.")
    @GetMapping("/{id}/comments")
    List<CommentView> comments(@PathVariable long id) {
        return requests.comments(id, CurrentUser.fromContext());
    }

    @Operation(summary = "Comment on a request")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}, scope = "Customers write public comments only.")
    @PostMapping("/{id}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    CommentView addComment(@PathVariable long id, @RequestBody NewComment body) {
        return requests.addComment(id, body, CurrentUser.fromContext());
    }

    @Operation(summary = "Rate the finished work")
    @CallableBy(value = Role.CUSTOMER, scope = "Customers: their own requests only.")
    @PutMapping("/{id}/rating")
    ResponseEntity<ServiceRequestView> rate(@PathVariable long id, @RequestBody NewRating body) {
        ServiceRequestView view = requests.rate(id, body, CurrentUser.fromContext());
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    static String etag(ServiceRequestView view) {
        return "\"" + view.version() + "\"";
    }

    /** Reads the version from If-Match: {@code "3"} (also W/"3" and 3 are accepted). */
    static int version(@Nullable String ifMatch, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new VersionRequired(what);
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Integer.parseInt(tag);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(List.of(new FieldProblem("If-Match", ifMatch,
                    "is not an ETag of this API; send the ETag header of your last GET, e.g. \"3\"")));
        }
    }
}
