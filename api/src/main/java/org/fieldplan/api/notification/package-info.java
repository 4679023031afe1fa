@NullMarked
package org.fieldplan.api.notification;

import org.jspecify.annotations.NullMarked;
