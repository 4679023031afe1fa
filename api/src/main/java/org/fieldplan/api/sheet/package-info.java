/**
 * Route sheets: each technician's day in visit order as a printable A4 page and as PDF, in English and Russian, with
 * the route drawn by the app itself as SVG from the road geometry (numbered stops, zone outlines, scale bar; no tile
 * server).
 */
@NullMarked
package org.fieldplan.api.sheet;

import org.jspecify.annotations.NullMarked;
