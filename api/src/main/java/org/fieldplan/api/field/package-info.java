/**
 * The technician's day (API {@code /api/field/**} and the phone page {@code /field}) and the dispatcher's
 * confirmation of the edits technicians propose ({@code /api/edits}).
 */
@NullMarked
package org.fieldplan.api.field;

import org.jspecify.annotations.NullMarked;
