package org.fieldplan.api.request;

import java.net.URI;
import java.util.List;

import org.fieldplan.api.request.RequestExceptions.Conflict;
import org.fieldplan.api.request.RequestExceptions.Forbidden;
import org.fieldplan.api.request.RequestExceptions.InvalidInput;
import org.fieldplan.api.request.RequestExceptions.NotFound;
import org.fieldplan.api.request.RequestExceptions.VersionMismatch;
import org.fieldplan.api.request.RequestExceptions.VersionRequired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the request feature's own failures. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestErrors {

    private static final String TYPES = "https://fieldplan.org/problems/";

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage());
        p.setProperty("errors", e.problems());
        return p;
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "illegal-transition", "Illegal status change", e.getMessage());
        p.setProperty("from", e.from().code());
        p.setProperty("to", e.to().code());
        p.setProperty("allowed", codes(e.allowed()));
        return p;
    }

    @ExceptionHandler(TransitionNotPermittedException.class)
    ProblemDetail notPermitted(TransitionNotPermittedException e) {
        ProblemDetail p = problem(HttpStatus.FORBIDDEN, "transition-not-permitted", "Status change not permitted", e.getMessage());
        p.setProperty("from", e.from().code());
        p.setProperty("to", e.to().code());
        p.setProperty("allowed", codes(e.allowedForRole()));
        return p;
    }

    @ExceptionHandler(VersionMismatch.class)
    ResponseEntity<ProblemDetail> versionMismatch(VersionMismatch e) {
        ProblemDetail p = problem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Changed by someone else", e.getMessage());
        p.setProperty("currentVersion", e.current());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).eTag("\"" + e.current() + "\"").body(p);
    }

    @ExceptionHandler(VersionRequired.class)
    ProblemDetail versionRequired(VersionRequired e) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required", e.getMessage());
    }

    private static List<String> codes(java.util.Set<RequestStatus> statuses) {
        return statuses.stream().sorted().map(RequestStatus::code).toList();
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPES + type));
        p.setTitle(title);
        return p;
    }
}
