/** Service types: what a company does at an address (duration, required skills, base price). */
@NullMarked
package org.fieldplan.api.servicetype;

import org.jspecify.annotations.NullMarked;
