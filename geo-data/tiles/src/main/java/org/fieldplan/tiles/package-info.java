/**
 * The base-map builder, run in its own JVM by geo-data's {@code BaseMap}: Planetiler with {@link
 * org.fieldplan.tiles.BaseMapProfile} over the OSM extract, and {@link org.fieldplan.tiles.SdfGlyphs} label glyphs.
 */
@NullMarked
package org.fieldplan.tiles;

import org.jspecify.annotations.NullMarked;
