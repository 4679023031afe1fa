package org.fieldplan.api.request;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The office takes an extra service (added by the server for the zone or the customer's management company, issue 16)
 * off a request before it is quoted: {@code DELETE /api/requests/{id}/extras/{line}} with If-Match, priced again by the
 * server from the remaining lines; once quoted, booked or frozen it is a 409 naming the state ({@link RequestWriter#removeExtra}).
 */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
@CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: their zones only (ZoneScope); another zone's request is 404.")
class RequestExtrasController {

    private final ServiceRequests requests;
    private final RequestWriter writer;

    RequestExtrasController(ServiceRequests requests, RequestWriter writer) {
        this.requests = requests;
        this.writer = writer;
    }

    @Operation(summary = "Remove an extra service line from a request before it is quoted (If-Match)")
    @DeleteMapping("/api/requests/{id}/extras/{line}")
    @Transactional
    ResponseEntity<ServiceRequestView> removeExtra(@PathVariable long id, @PathVariable int line,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        CurrentUser user = CurrentUser.fromContext();
        if (!user.is(Role.ADMINISTRATOR) && !user.is(Role.DISPATCHER)) { // SecurityConfig says so too
            throw new RequestExceptions.Forbidden("Only the office removes an extra service from a request.");
        }
        requests.get(id, user); // the caller's scope first: another zone's request is not found
        int expected = RequestController.version(ifMatch, "Removing an extra service from service request " + id);
        writer.removeExtra(id, expected, line, user);
        ServiceRequestView view = requests.get(id, user);
        return ResponseEntity.ok().eTag(RequestController.etag(view)).body(view);
    }
}
