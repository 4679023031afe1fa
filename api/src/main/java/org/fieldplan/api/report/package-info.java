/**
 * Reports for the people who run the company (issue 17, docs/reports.md): intake, delivery, quality and money over
 * the stored history, in the caller's scope ({@link org.fieldplan.api.security.ZoneScope}), with drill-down to the
 * requests behind each figure and CSV / Excel export.
 */
@NullMarked
package org.fieldplan.api.report;

import org.jspecify.annotations.NullMarked;
