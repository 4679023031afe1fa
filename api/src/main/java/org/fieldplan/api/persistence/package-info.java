/** Shared plumbing: persistence. */
@NullMarked
package org.fieldplan.api.persistence;

import org.jspecify.annotations.NullMarked;
