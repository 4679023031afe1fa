package org.fieldplan.api.request;

import org.jspecify.annotations.Nullable;

/** One bad field of an input: its path ({@code services[1].quantity}), the value sent, and what is wrong or expected. */
public record FieldProblem(String field, @Nullable Object value, String message) {
}
