package org.fieldplan.geo.tile;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.fieldplan.geo.road.RoadNetworkSettings;

/**
 * How to build and open the base map.
 *
 * @param extract   the OpenStreetMap extract (.osm.pbf); the same file the road network uses
 * @param cacheRoot where built maps are kept: the road graphs' cache root, one directory per profile version and
 *                  extract checksum
 * @param fonts     the fonts label glyphs are generated from, each with the name styles use for it
 * @param maxZoom   the deepest zoom Planetiler builds (at most 15); deeper tiles are cut from it on request
 * @param builder   the tiles module's {@code target} directory ({@code classes} + {@code classpath.txt}): the
 *                  builder runs in its own JVM, since Planetiler and GraphHopper need different hppc versions
 */
public record BaseMapSettings(Path extract, Path cacheRoot, List<FontFile> fonts, int maxZoom, Path builder) {

    /** A font file and its font-stack name, e.g. {@code DejaVuSans.ttf} as "DejaVu Sans". */
    public record FontFile(Path file, String name) {
        public FontFile {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Where Debian's {@code fonts-dejavu-core} puts them; the route sheet's PDF uses the same files. */
    public static final Path DEBIAN_DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu");

    public static final int DEFAULT_MAX_ZOOM = 14;

    public BaseMapSettings {
        Objects.requireNonNull(extract, "extract");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(builder, "builder");
        fonts = List.copyOf(fonts);
        if (maxZoom < 10 || maxZoom > 15) {
            throw new IllegalArgumentException("The base map's deepest built zoom (" + maxZoom
                    + ") must lie between 10 and 15; 14 is the usual choice.");
        }
    }

    /** The graph cache's root, DejaVu Sans and Sans Bold from Debian's font directory, zoom 14. */
    public static BaseMapSettings of(Path extract) {
        return new BaseMapSettings(extract, RoadNetworkSettings.defaultCacheRoot(), dejaVu(DEBIAN_DEJAVU),
                DEFAULT_MAX_ZOOM, defaultBuilder());
    }

    /**
     * The system property {@code fieldplan.tiles.builder}, else {@code FIELDPLAN_TILES_BUILDER}, else the first
     * {@code geo-data/tiles/target} found in the working directory or above it (a source checkout).
     */
    public static Path defaultBuilder() {
        String configured = System.getProperty("fieldplan.tiles.builder");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("FIELDPLAN_TILES_BUILDER");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (java.nio.file.Files.isRegularFile(dir.resolve("tiles/target/classpath.txt"))) {
                return dir.resolve("geo-data/tiles/target");
            }
        }
        return Path.of("geo-data", "tiles", "target");
    }

    /** DejaVu Sans and DejaVu Sans Bold from {@code directory}. */
    public static List<FontFile> dejaVu(Path directory) {
        return List.of(new FontFile(directory.resolve("DejaVuSans.ttf"), "DejaVu Sans"),
                new FontFile(directory.resolve("DejaVuSans-Bold.ttf"), "DejaVu Sans Bold"));
    }

    public BaseMapSettings withCacheRoot(Path root) {
        return new BaseMapSettings(extract, root, fonts, maxZoom, builder);
    }

    public BaseMapSettings withFonts(List<FontFile> fontFiles) {
        return new BaseMapSettings(extract, cacheRoot, fontFiles, maxZoom, builder);
    }
}
