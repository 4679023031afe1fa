package org.fieldplan.api.ops;

/**
 * How many carrier threads run the service's virtual threads (every HTTP request is one). The JDK's default is one per
 * core; the service asks for two per core unless {@code -Djdk.virtualThreadScheduler.parallelism} is given. A carrier
 * runs a virtual thread until it parks, and the JVM does not time-slice them; with one carrier per core, a carrier that
 * the operating system takes off its core (for the load tool, the GC, another process) holds up every request queued
 * on it. With two per core the kernel shares the cores among the carriers. Measured side by side with
 * {@code bench windows-wrk --config} (benchmarks/results/windows.md, "Carriers per core"): the answers over 100 ms fell
 * from 505-583 to 64-72 per 15 s and the p99 from 108-116 ms to 56-71 ms, at the same or a higher rate; the median
 * rose from 0.5-1 ms to 2-9 ms. Must run before the first virtual thread exists: the JDK reads the property once.
 */
public final class VirtualThreadCarriers {

    static final String PROPERTY = "jdk.virtualThreadScheduler.parallelism";

    private VirtualThreadCarriers() {}

    /** Sets the carriers to two per core unless the property is already given; returns the value in force. */
    public static String configure() {
        String given = System.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            return given;
        }
        String value = String.valueOf(perCores(Runtime.getRuntime().availableProcessors()));
        System.setProperty(PROPERTY, value);
        return value;
    }

    static int perCores(int cores) {
        return 2 * Math.max(1, cores);
    }
}
