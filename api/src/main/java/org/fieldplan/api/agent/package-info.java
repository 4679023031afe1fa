/**
 * Agents and their commission: services flagged as counting toward commission, three levels (the agent who brought
 * the request and the two above, a percent per level), a ledger that {@link org.fieldplan.api.agent.CommissionLedger}
 * keeps in step with the request's lifecycle, and a statement per agent per month (JSON and CSV).
 */
@NullMarked
package org.fieldplan.api.agent;

import org.jspecify.annotations.NullMarked;
