/** Shared plumbing: web. */
@NullMarked
package org.fieldplan.api.web;

import org.jspecify.annotations.NullMarked;
