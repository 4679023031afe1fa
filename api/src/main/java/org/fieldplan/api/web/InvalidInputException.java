package org.fieldplan.api.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * 400 with every bad field at once, found by a service's own checks (geometry, references to other things,
 * rules across fields). Bean Validation errors on request bodies take the same shape.
 */
public class InvalidInputException extends ApiException {

    private final List<FieldProblem> errors;

    public InvalidInputException(List<FieldProblem> errors) {
        super(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", summary(errors), Map.of());
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, Object value, String reason) {
        this(List.of(new FieldProblem(field, value, reason)));
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    static String summary(List<FieldProblem> errors) {
        if (errors.size() == 1) {
            FieldProblem only = errors.getFirst();
            return "The field '" + only.field() + "' is invalid: " + only.reason();
        }
        return errors.size() + " fields are invalid; see 'errors' for each field, its value and the reason.";
    }
}
