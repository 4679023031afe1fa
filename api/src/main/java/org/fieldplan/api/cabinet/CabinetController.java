package org.fieldplan.api.cabinet;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.customer.CustomerPreferences;
import org.fieldplan.api.request.RequestMessages.CommentView;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.Versions;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The cabinet's API: a customer's contact person and their organisation's requests. */
@RestController
@RequestMapping("/api/cabinet")
@CallableBy(value = Role.CUSTOMER, scope = "Customers: their own organisation's requests only (another customer's: 404).")
class CabinetController {

    record PreferencesInput(@Nullable String language, @Nullable String channel, @Nullable Boolean optedOut,
                            @Nullable String telegramChatId) {}

    record CommentInput(@Nullable String body) {}

    record ActionInput(@Nullable String action, @Nullable String note) {}

    record RatingInput(@Nullable Integer stars, @Nullable String text) {}

    private final CabinetService cabinet;

    CabinetController(CabinetService cabinet) {
        this.cabinet = cabinet;
    }

    @Operation(summary = "Who I am in the cabinet: my organisation, its contact people, my notification preferences")
    @GetMapping
    CabinetService.Overview overview() {
        return cabinet.overview(CurrentUser.fromContext());
    }

    @Operation(summary = "Change how the organisation hears from the company (language, channel, opt-out, Telegram chat)")
    @PutMapping("/preferences")
    CustomerPreferences.Preferences preferences(@RequestBody PreferencesInput input) {
        return cabinet.setPreferences(CurrentUser.fromContext(), input.language(), input.channel(), input.optedOut(),
                input.telegramChatId());
    }

    @Operation(summary = "The organisation's requests, newest first, with the actions open now")
    @GetMapping("/requests")
    List<CabinetService.CabinetRequest> requests() {
        return cabinet.list(CurrentUser.fromContext());
    }

    @Operation(summary = "One request: status timeline, conversation with the office, actions open now (ETag)")
    @GetMapping("/requests/{id}")
    ResponseEntity<CabinetService.CabinetRequest> request(@PathVariable long id) {
        CabinetService.CabinetRequest r = cabinet.get(id, CurrentUser.fromContext());
        return ResponseEntity.ok().eTag(Versions.etag(r.version())).body(r);
    }

    @Operation(summary = "Write to the office on a request (a public comment)")
    @PostMapping("/requests/{id}/comments")
    ResponseEntity<CommentView> comment(@PathVariable long id, @RequestBody CommentInput input) {
        CommentView c = cabinet.comment(id, input.body(), CurrentUser.fromContext());
        return ResponseEntity.created(URI.create("/api/cabinet/requests/" + id)).body(c);
    }

    @Operation(summary = "Act on a request: agree, refuse, accept, dispute or cancel (If-Match optional)")
    @PostMapping("/requests/{id}/actions")
    ResponseEntity<CabinetService.CabinetRequest> act(@PathVariable long id, @RequestBody ActionInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        Integer version = ifMatch == null || ifMatch.isBlank() ? null : Versions.required(ifMatch, "Acting on request " + id);
        CabinetService.CabinetRequest r = cabinet.act(id, input.action(), input.note(), version, CurrentUser.fromContext());
        return ResponseEntity.ok().eTag(Versions.etag(r.version())).body(r);
    }

    @Operation(summary = "Rate the finished work, 1-5 stars with a comment (once)")
    @PutMapping("/requests/{id}/rating")
    ResponseEntity<CabinetService.CabinetRequest> rate(@PathVariable long id, @RequestBody RatingInput input) {
        CabinetService.CabinetRequest r = cabinet.rate(id, input.stars(), input.text(), CurrentUser.fromContext());
        return ResponseEntity.ok().eTag(Versions.etag(r.version())).body(r);
    }
}
