/**
 * The Malta demo company ({@code ./fieldplan demo}): zones over real Malta areas, technicians with two weeks of
 * schedules, service types, customers and 300 service requests through the real intake, and logins for each role.
 */
@NullMarked
package org.fieldplan.api.demo;

import org.jspecify.annotations.NullMarked;
