/**
 * Documents of a service request: the specification (quote) the office sends for agreement and the act of completed
 * work issued when the work is reported done. Each is a snapshot of the request's priced lines; its PDF is rendered
 * from the snapshot in the customer's language through the HTML-to-PDF pipeline of the route sheets.
 */
@NullMarked
package org.fieldplan.api.document;

import org.jspecify.annotations.NullMarked;
