package org.fieldplan.api.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;

/** Bean Validation of a value built from several parts of a request (path and body), reported like a body's. */
public final class Validation {

    private static final Validator VALIDATOR = jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator();

    private Validation() {}

    public static void check(Object value) {
        List<FieldProblem> problems = VALIDATOR.validate(value).stream()
                .sorted(Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString()))
                .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getInvalidValue(), v.getMessage()))
                .toList();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
