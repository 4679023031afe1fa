package org.fieldplan.api.web;

import org.jspecify.annotations.Nullable;

/**
 * One bad value in a caller's input: where it is ({@code technicians[2].skills[0]}, {@code homeBase.lat}),
 * what was sent, and why it is wrong (with a hint at the fix where there is one).
 */
public record FieldProblem(String field, @Nullable Object value, String reason) {}
