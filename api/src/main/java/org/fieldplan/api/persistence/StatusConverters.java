package org.fieldplan.api.persistence;

import org.fieldplan.api.planning.job.PlanJobStatus;
import org.fieldplan.api.planning.route.RouteStatus;
import org.jooq.impl.AbstractConverter;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping between the status columns and their enums, at the jOOQ edge: the code generator gives
 * {@code route.status} and {@code plan_job.status} these converters (see the forcedTypes in api/pom.xml), so the
 * generated fields are typed and no status string appears in the code that reads or writes them.
 */
public final class StatusConverters {

    private StatusConverters() {
    }

    /** {@code route.status} &lt;-&gt; {@link RouteStatus}. */
    public static final class RouteStatusConverter extends AbstractConverter<String, RouteStatus> {
        public RouteStatusConverter() {
            super(String.class, RouteStatus.class);
        }

        @Override
        public @Nullable RouteStatus from(@Nullable String databaseObject) {
            return databaseObject == null ? null : RouteStatus.fromCode(databaseObject);
        }

        @Override
        public @Nullable String to(@Nullable RouteStatus userObject) {
            return userObject == null ? null : userObject.code();
        }
    }

    /** {@code plan_job.status} &lt;-&gt; {@link PlanJobStatus}. */
    public static final class PlanJobStatusConverter extends AbstractConverter<String, PlanJobStatus> {
        public PlanJobStatusConverter() {
            super(String.class, PlanJobStatus.class);
        }

        @Override
        public @Nullable PlanJobStatus from(@Nullable String databaseObject) {
            return databaseObject == null ? null : PlanJobStatus.fromCode(databaseObject);
        }

        @Override
        public @Nullable String to(@Nullable PlanJobStatus userObject) {
            return userObject == null ? null : userObject.code();
        }
    }
}
