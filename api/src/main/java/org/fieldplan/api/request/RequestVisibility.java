package org.fieldplan.api.request;

import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.jooq.Condition;

/**
 * Which service requests a user may see, as a SQL condition on {@code service_request}:
 * <ul>
 *   <li>administrator: all, including those outside every zone;</li>
 *   <li>dispatcher: those in a zone they are now responsible for (none when they have no zone);</li>
 *   <li>technician: those assigned to them;</li>
 *   <li>customer: their own.</li>
 * </ul>
 * A request the condition excludes is answered as not found. The rule itself is {@link ZoneScope#requests}.
 */
final class RequestVisibility {

    private RequestVisibility() {
    }

    static Condition of(CurrentUser user) {
        return ZoneScope.requests(user);
    }
}
