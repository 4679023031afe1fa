package org.fieldplan.api.request;

import org.fieldplan.api.security.CurrentUser;

/**
 * Published (synchronously, inside the transaction of the change) when a request moved along its lifecycle through
 * {@link ServiceRequests#changeStatus}: the documents feature issues the specification on {@code quoted} and the act
 * on {@code done}, and records the customer's decisions. A listener that throws rolls the status change back.
 */
public record RequestStatusChanged(long requestId, RequestStatus from, RequestStatus to, CurrentUser actor) {}
