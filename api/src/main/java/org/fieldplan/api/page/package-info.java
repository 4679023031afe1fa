/**
 * Pages the service serves: plain HTML, CSS and JavaScript from {@code static/} (no build step), talking to the
 * JSON API. {@code /book}: the public booking form.
 */
@NullMarked
package org.fieldplan.api.page;

import org.jspecify.annotations.NullMarked;
