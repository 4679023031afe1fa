package org.fieldplan.bench;

/** The command-line and environment readings every benchmark makes, in one place. */
public final class BenchArgs {

    private BenchArgs() {}

    /** {@code value} as a whole number of at least 1; otherwise names the option and the value and exits with 2. */
    public static int positive(String option, String value) {
        try {
            int v = Integer.parseInt(value == null ? "" : value);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            System.err.println(option + ": '" + value + "' is not a positive whole number");
            System.exit(2);
            return 0;
        }
    }

    /** The environment variable {@code name}, or {@code fallback} when it is unset or blank. */
    public static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
