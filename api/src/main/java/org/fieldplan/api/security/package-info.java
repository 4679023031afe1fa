@NullMarked
package org.fieldplan.api.security;

import org.jspecify.annotations.NullMarked;
