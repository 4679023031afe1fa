/**
 * Partner management companies: each files service requests through an API key of its own ({@code X-Api-Key},
 * hashed at rest, revocable); its requests are attributed to it and it sees them as a customer sees theirs.
 */
@NullMarked
package org.fieldplan.api.partner;

import org.jspecify.annotations.NullMarked;
