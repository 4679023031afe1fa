/**
 * The office desk's back end (docs/desk.md): the request list with server-side filters, counts per status, paging
 * and CSV export, all inside the caller's zone scope ({@link org.fieldplan.api.security.ZoneScope}); intake sources
 * as data and request templates. The desk reads service requests; every write goes through the request feature.
 */
@NullMarked
package org.fieldplan.api.desk;

import org.jspecify.annotations.NullMarked;
