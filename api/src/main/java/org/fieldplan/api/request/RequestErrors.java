package org.fieldplan.api.request;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Set;

import org.fieldplan.api.request.RequestExceptions.VersionMismatch;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for the lifecycle's refusals (409 with the allowed moves, 403 with the caller's moves) and
 * for a stale version (412 with the current ETag). Other failures go through the shared
 * {@code org.fieldplan.api.web.ProblemHandler}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestErrors {

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> illegalTransition(IllegalTransitionException e, HttpServletRequest request) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "illegal-transition", "Illegal status change", e.getMessage(), request);
        p.setProperty("from", e.from().code());
        p.setProperty("to", e.to().code());
        p.setProperty("allowed", codes(e.allowed()));
        return respond(p, null);
    }

    @ExceptionHandler(TransitionNotPermittedException.class)
    ResponseEntity<ProblemDetail> notPermitted(TransitionNotPermittedException e, HttpServletRequest request) {
        ProblemDetail p = problem(HttpStatus.FORBIDDEN, "transition-not-permitted", "Status change not permitted", e.getMessage(), request);
        p.setProperty("from", e.from().code());
        p.setProperty("to", e.to().code());
        p.setProperty("allowed", codes(e.allowedForRole()));
        return respond(p, null);
    }

    @ExceptionHandler(VersionMismatch.class)
    ResponseEntity<ProblemDetail> versionMismatch(VersionMismatch e, HttpServletRequest request) {
        ProblemDetail p = problem(e.status(), e.slug(), e.title(), e.getMessage(), request);
        e.properties().forEach(p::setProperty);
        return respond(p, "\"" + e.current() + "\"");
    }

    private static List<String> codes(Set<RequestStatus> statuses) {
        return statuses.stream().sorted().map(RequestStatus::code).toList();
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail, HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("/problems/" + type));
        p.setTitle(title);
        p.setInstance(URI.create(request.getRequestURI()));
        return p;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail p, @org.jspecify.annotations.Nullable String etag) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (etag != null) {
            builder.eTag(etag);
        }
        return builder.body(p);
    }
}
