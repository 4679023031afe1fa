/** The FieldPlan service. Feature packages per thing a user does; shared plumbing in web, persistence, config. */
@NullMarked
package org.fieldplan.api;

import org.jspecify.annotations.NullMarked;
