/**
 * Contracts with customers and their regular work: a contract lists regular services (what, where, at what price, how
 * often: weekly, monthly, on given dates, within a season), and {@link org.fieldplan.api.contract.ContractRequests}
 * creates their service requests ahead of time through the request feature, once across the cluster. The pure
 * occurrence rule is {@link org.fieldplan.api.contract.Occurrences}.
 */
@NullMarked
package org.fieldplan.api.contract;

import org.jspecify.annotations.NullMarked;
