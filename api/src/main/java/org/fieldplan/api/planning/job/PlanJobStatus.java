package org.fieldplan.api.planning.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a planning job stands. Queued and solving jobs run (here or in another instance); finished, stopped and
 * interrupted ones have a plan that can be published or resumed; failed ones can be resumed; published is the end.
 * The database and wire form is the lower-case name; the jOOQ column {@code plan_job.status} is of this type (see
 * {@link org.fieldplan.api.persistence.StatusConverters}).
 */
public enum PlanJobStatus {
    QUEUED,
    SOLVING,
    FINISHED,
    STOPPED,
    INTERRUPTED,
    FAILED,
    PUBLISHED;

    /** Running somewhere: may be stopped; an instance beats a heartbeat into it. */
    public static final Set<PlanJobStatus> RUNNING = EnumSet.of(QUEUED, SOLVING);
    /** Has a plan that may be published. */
    public static final Set<PlanJobStatus> PUBLISHABLE = EnumSet.of(FINISHED, STOPPED, INTERRUPTED);
    /** May be solved again from its best plan. */
    public static final Set<PlanJobStatus> RESUMABLE = EnumSet.of(INTERRUPTED, STOPPED, FINISHED, FAILED);

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isRunning() {
        return RUNNING.contains(this);
    }

    public static PlanJobStatus fromCode(String code) {
        for (PlanJobStatus s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown planning job status '" + code + "'; expected one of "
                + java.util.Arrays.stream(values()).map(PlanJobStatus::code).toList() + ".");
    }
}
