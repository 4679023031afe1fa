package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import org.fieldplan.api.security.CurrentUser;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Which service requests a user may see, as a SQL condition on {@code service_request}:
 * <ul>
 *   <li>administrator: all, including those outside every zone;</li>
 *   <li>dispatcher: those routed to them at intake, and those in a zone they are now responsible for;</li>
 *   <li>technician: those assigned to them;</li>
 *   <li>customer: their own.</li>
 * </ul>
 * A request the condition excludes is answered as not found.
 */
final class RequestVisibility {

    private RequestVisibility() {
    }

    static Condition of(CurrentUser user) {
        return switch (user.role()) {
            case ADMINISTRATOR -> DSL.trueCondition();
            case DISPATCHER -> SERVICE_REQUEST.DISPATCHER_ID.eq(user.userId())
                    .or(SERVICE_REQUEST.ZONE_ID.in(DSL.select(ZONE.ID).from(ZONE).where(ZONE.DISPATCHER_ID.eq(user.userId()))));
            case TECHNICIAN -> user.technicianId() == null ? DSL.falseCondition() : SERVICE_REQUEST.TECHNICIAN_ID.eq(user.technicianId());
            case CUSTOMER -> user.customerId() == null ? DSL.falseCondition() : SERVICE_REQUEST.CUSTOMER_ID.eq(user.customerId());
        };
    }
}
