/** Shared plumbing: config. */
@NullMarked
package org.fieldplan.api.config;

import org.jspecify.annotations.NullMarked;
