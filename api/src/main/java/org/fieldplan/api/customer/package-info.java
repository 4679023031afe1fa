/** Customers (residents, homeowners' associations, companies) with their contacts and addresses (points). */
@NullMarked
package org.fieldplan.api.customer;

import org.jspecify.annotations.NullMarked;
