package org.fieldplan.api.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves the service as an RFC 9457 problem ({@code application/problem+json}). A caller's mistake is a
 * 4xx that names the field and the value: Bean Validation and our own checks give {@code errors: [{field, value,
 * reason}]}; unreadable JSON says where it broke; unknown ids are 404; oversized bodies 413. Only our own faults
 * are 500, and those never leak internals.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalidInput(InvalidInputException e, WebRequest request) {
        ProblemDetail problem = problem(e);
        problem.setProperty("errors", e.errors());
        return respond(problem, request);
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<Object> tooMany(TooManyRequestsException e, WebRequest request) {
        ResponseEntity<Object> response = respond(problem(e), request);
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).body(response.getBody());
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> apiException(ApiException e, WebRequest request) {
        return respond(problem(e), request);
    }

    /** Query bytes that are not UTF-8 (e.g. a lone surrogate percent-encoded): the caller's mistake. */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Object> undecodableParameter(org.apache.tomcat.util.http.InvalidParameterException e, WebRequest request) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Parameter \\[([^\\]]{1,100})\\]").matcher(message);
        String name = m.find() ? m.group(1) : "query";
        return respond(validation(List.of(new FieldProblem(name, null,
                "cannot be decoded: send the query percent-encoded UTF-8 (no lone surrogates or stray bytes)"))), request);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e, WebRequest request) {
        // services check what they can first; this is the safety net for races and rules only the schema knows
        LOG.info("integrity violation on {}: {}", path(request), e.getMostSpecificCause().getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The change conflicts with data already stored: " + firstLine(e.getMostSpecificCause().getMessage())
                        + ". Reload the current state and try again.");
        problem.setType(URI.create("/problems/conflict"));
        problem.setTitle("Conflict");
        return respond(problem, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        LOG.error("unexpected error on {}", path(request), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; it has been logged. Please try again later.");
        problem.setType(URI.create("/problems/internal-error"));
        problem.setTitle("Internal error");
        return respond(problem, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        Object target = e.getBindingResult().getTarget();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            Object value = error.getRejectedValue();
            if (value instanceof Boolean && "AssertTrue".equals(error.getCode()) && target != null) {
                value = componentValue(target, error.getField()); // a rule across fields: show the field's value
            }
            errors.add(new FieldProblem(error.getField(), value, reason(error)));
        }
        for (ObjectError error : e.getBindingResult().getGlobalErrors()) {
            errors.add(new FieldProblem(error.getObjectName(), null, reason(error)));
        }
        return respond(validation(errors), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                Object value = result.getArgument();
                if (error instanceof FieldError fieldError) {
                    errors.add(new FieldProblem(name + "." + fieldError.getField(), fieldError.getRejectedValue(), reason(error)));
                } else {
                    errors.add(new FieldProblem(name == null ? "parameter" : name, value, reason(error)));
                }
            }
        });
        return respond(validation(errors), request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        Class<?> required = e.getRequiredType();
        String expected = required == null ? "another type" : describe(required);
        return respond(validation(List.of(new FieldProblem(name, e.getValue(), "must be " + expected))), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return respond(BodySizeLimitFilter.tooLarge(tooLarge.limit(), -1), request);
        }
        ProblemDetail problem;
        if (causeOf(e, UnrecognizedPropertyException.class) instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            problem = validation(List.of(new FieldProblem(path(unknown), unknown.getPropertyName(),
                    "is not a known field" + (known.isEmpty() ? "" : "; known fields here: " + known))));
        } else if (causeOf(e, InvalidFormatException.class) instanceof InvalidFormatException format) {
            String original = format.getOriginalMessage();
            String reason = original != null && (original.startsWith("must be") || original.startsWith("contains"))
                    ? original : "must be " + describe(format.getTargetType());
            problem = validation(List.of(new FieldProblem(path(format), format.getValue(), reason)));
        } else if (causeOf(e, MismatchedInputException.class) instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            problem = validation(List.of(new FieldProblem(path(mismatch), null,
                    "has the wrong JSON type: expected " + describe(mismatch.getTargetType()))));
        } else if (causeOf(e, StreamReadException.class) instanceof StreamReadException malformed) {
            problem = malformed("The request body is not valid JSON"
                    + (malformed.getLocation() == null ? "" : " (line " + malformed.getLocation().getLineNr()
                            + ", column " + malformed.getLocation().getColumnNr() + ")")
                    + ": " + firstLine(malformed.getOriginalMessage()) + ". Check the quotes, commas and brackets there.");
        } else if (causeOf(e, JacksonException.class) instanceof JacksonException other) {
            problem = validation(List.of(new FieldProblem(path(other), null, firstLine(other.getOriginalMessage()))));
        } else {
            problem = malformed("The request body is missing or cannot be read as JSON. Send a JSON object with"
                    + " 'Content-Type: application/json'.");
        }
        return respond(problem, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem && problem.getInstance() == null) {
            problem.setInstance(URI.create(path(request)));
        }
        return response;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static ProblemDetail validation(List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, InvalidInputException.summary(errors));
        problem.setType(URI.create("/problems/invalid-input"));
        problem.setTitle("Invalid input");
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ProblemDetail malformed(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create("/problems/malformed-json"));
        problem.setTitle("Malformed JSON");
        return problem;
    }

    private static ProblemDetail problem(ApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create("/problems/" + e.slug()));
        problem.setTitle(e.title());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request) {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(path(request)));
        }
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String path(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "";
    }

    private static String reason(MessageSourceResolvable error) {
        String message = error.getDefaultMessage();
        return message == null ? "is invalid" : message;
    }

    /** {@code technicians[2].skills}, as a caller would write it. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static String describe(@Nullable Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        return switch (type.getSimpleName()) {
            case "Long", "long", "Integer", "int", "Short", "short" -> "a whole number";
            case "Double", "double", "Float", "float", "BigDecimal" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "LocalDate" -> "a date like 2026-05-31";
            case "LocalTime" -> "a time like 08:30";
            case "OffsetDateTime", "Instant" -> "a date and time with offset like 2026-05-31T08:30:00+02:00";
            case "DayOfWeek" -> "a day of the week like MONDAY";
            case "String" -> "a string";
            case "List", "Set", "Collection" -> "a JSON array";
            default -> "a " + type.getSimpleName();
        };
    }

    private static @Nullable Object componentValue(Object target, String field) {
        if (target.getClass().isRecord()) {
            for (var component : target.getClass().getRecordComponents()) {
                if (component.getName().equals(field)) {
                    try {
                        component.getAccessor().setAccessible(true);
                        return component.getAccessor().invoke(target);
                    } catch (ReflectiveOperationException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static <T extends Throwable> @Nullable T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
