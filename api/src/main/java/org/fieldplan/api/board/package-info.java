/**
 * The dispatcher board: the day per technician (bars, travel, workload), the map drawn from the app's own geometry,
 * the unplanned requests with reasons, pins, moves checked against the engine's hard rules before they are stored,
 * and the free technicians of a zone in an interval; the page {@code /board}.
 */
@NullMarked
package org.fieldplan.api.board;

import org.jspecify.annotations.NullMarked;
