/** {@code ./fieldplan bench notifications}: status changes to e-mail delivered, exactly once, and how fast. */
package org.fieldplan.bench.notify;
