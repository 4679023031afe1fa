package org.fieldplan.geo.problem;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A JSON object being read at a known path. Each accessor reports a missing or ill-typed field to the shared
 * {@link ErrorCollector} (by path, with the value found) and returns {@code null}, so that reading goes on and
 * every error of the file is found in one pass. Fields that were never asked for are reported by
 * {@link #rejectUnknown()}, which catches typos such as {@code serviceMinute}.
 */
final class Fields {

    private final JsonNode node;
    private final String path;
    private final ErrorCollector errors;
    private final Set<String> known = new LinkedHashSet<>();

    private Fields(JsonNode node, String path, ErrorCollector errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /** The object at {@code path}, or {@code null} (and an error) when the node is not an object. */
    static @Nullable Fields of(JsonNode node, String path, ErrorCollector errors) {
        if (!node.isObject()) {
            errors.add(path, "expected an object {...}, got " + describe(node));
            return null;
        }
        return new Fields(node, path, errors);
    }

    String path() {
        return path;
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    ErrorCollector errors() {
        return errors;
    }

    void error(String field, String message) {
        errors.add(path(field), message);
    }

    void error(String message) {
        errors.add(path, message);
    }

    /** Marks a field as known without reading it (it is read elsewhere). */
    void allow(String... fields) {
        known.addAll(List.of(fields));
    }

    boolean has(String field) {
        known.add(field);
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    @Nullable JsonNode raw(String field, boolean required) {
        known.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "missing; it is required");
            }
            return null;
        }
        return value;
    }

    @Nullable String string(String field, boolean required) {
        JsonNode value = raw(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            error(field, "expected a string, got " + describe(value));
            return null;
        }
        return value.textValue();
    }

    /** A non-blank string, trimmed. */
    @Nullable String id(String field, boolean required) {
        String value = string(field, required);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            error(field, "is blank; give it a non-empty identifier");
            return null;
        }
        return value.strip();
    }

    @Nullable Integer integer(String field, boolean required, long min, long max) {
        JsonNode value = raw(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            error(field, "expected a whole number, got " + describe(value));
            return null;
        }
        long number = value.asLong();
        if (!value.canConvertToLong() || number < min || number > max) {
            error(field, "value " + value + " is out of range; expected " + range(min, max));
            return null;
        }
        return (int) number;
    }

    @Nullable Double number(String field, boolean required, double min, double max) {
        JsonNode value = raw(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            error(field, "expected a number, got " + describe(value));
            return null;
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number) || number < min || number > max) {
            error(field, "value " + value + " is out of range; expected " + min + " to " + max);
            return null;
        }
        return number;
    }

    /** The elements of an array field, each with its path; an absent optional array is empty. */
    List<Element> array(String field, boolean required) {
        JsonNode value = raw(field, required);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            error(field, "expected an array [...], got " + describe(value));
            return List.of();
        }
        List<Element> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(new Element(value.get(i), path(field) + "[" + i + "]", i));
        }
        return elements;
    }

    /** The objects of an array field; elements that are not objects are reported and skipped. */
    List<Fields> objects(String field, boolean required) {
        List<Fields> objects = new ArrayList<>();
        for (Element element : array(field, required)) {
            Fields object = of(element.node(), element.path(), errors);
            if (object != null) {
                objects.add(object);
            }
        }
        return objects;
    }

    @Nullable Fields object(String field, boolean required) {
        JsonNode value = raw(field, required);
        return value == null ? null : of(value, path(field), errors);
    }

    /** An array of non-blank strings; duplicates are reported. */
    List<String> strings(String field) {
        List<String> values = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Element element : array(field, false)) {
            if (!element.node().isTextual() || element.node().textValue().isBlank()) {
                errors.add(element.path(), "expected a non-empty string, got " + describe(element.node()));
            } else if (!seen.add(element.node().textValue().strip())) {
                errors.add(element.path(), "\"" + element.node().textValue() + "\" is listed twice");
            } else {
                values.add(element.node().textValue().strip());
            }
        }
        return values;
    }

    /** Reports every field of this object that no accessor asked for. */
    void rejectUnknown() {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String name = fields.next().getKey();
            if (!known.contains(name)) {
                String suggestion = closest(name, known);
                error(name, "unknown field"
                        + (suggestion != null ? "; did you mean \"" + suggestion + "\"?" : "")
                        + " Known fields here: " + String.join(", ", known));
            }
        }
    }

    record Element(JsonNode node, String path, int index) {}

    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.textValue() + "\"";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.toString();
    }

    private static String range(long min, long max) {
        if (max == Integer.MAX_VALUE) {
            return "at least " + min;
        }
        return min + " to " + max;
    }

    /** The known name nearest to {@code name} by edit distance, if it is near enough to be a likely typo. */
    static @Nullable String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
