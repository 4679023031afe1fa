/**
 * Limits of the public surface: rate limits per client address (token buckets), the client address behind a
 * trusted proxy, and the sign-in guard (failed logins slow down, then lock the account and the address for a while).
 */
@NullMarked
package org.fieldplan.api.limits;

import org.jspecify.annotations.NullMarked;
