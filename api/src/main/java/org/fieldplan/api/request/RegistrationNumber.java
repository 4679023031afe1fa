package org.fieldplan.api.request;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The number a customer quotes on the phone: the year the request was registered and its place in
 * that year's sequence, written {@code 2026-000123}. The sequence has at least six digits and grows
 * wider past 999999 rather than wrapping. The sequence is drawn per year from the
 * {@code request_number_counter} table inside the transaction that stores the request, so two
 * requests can never get the same number and a rolled-back request gives its number back.
 */
public record RegistrationNumber(int year, long sequence) implements Comparable<RegistrationNumber> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{6,12})");

    public RegistrationNumber {
        if (year < 1000 || year > 9999) {
            throw new IllegalArgumentException("The registration year (" + year + ") must have four digits.");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("The registration sequence (" + sequence + ") must be 1 or more.");
        }
    }

    /** Parses {@code 2026-000123}; the error shows the value and the expected form. */
    public static RegistrationNumber parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("The registration number '" + text
                    + "' is not in the form YYYY-NNNNNN (for example 2026-000123).");
        }
        return new RegistrationNumber(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
    }

    @Override
    public String toString() {
        return String.format("%04d-%06d", year, sequence);
    }

    @Override
    public int compareTo(RegistrationNumber other) {
        int byYear = Integer.compare(year, other.year);
        return byYear != 0 ? byYear : Long.compare(sequence, other.sequence);
    }
}
