/**
 * The base map: vector tiles built from the deployment's own OpenStreetMap extract with Planetiler and a profile of
 * ours (the tiles module), kept next to the road graph and keyed the same way, plus the
 * label glyphs MapLibre needs, generated from the DejaVu fonts; {@link org.fieldplan.geo.tile.BaseMap} opens or
 * builds them (in the tiles module's own JVM) and answers tiles as stored (gzip). Nothing is downloaded.
 */
@NullMarked
package org.fieldplan.geo.tile;

import org.jspecify.annotations.NullMarked;
