package org.fieldplan.tiles;

import com.onthegomap.planetiler.Planetiler;
import com.onthegomap.planetiler.config.Arguments;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Builds a base map into an empty directory: {@code basemap.pmtiles} (gzip-compressed vector tiles, zoom 0 to the
 * maximum), {@code glyphs/<font stack>/<start>-<end>.pbf} and {@code basemap.properties} (what was built, how long it
 * took), written last so that its presence means "complete".
 *
 * <pre>java -cp ... org.fieldplan.tiles.BuildBaseMap EXTRACT.osm.pbf OUTPUT_DIR MAX_ZOOM [FONT.ttf=Stack name ...]</pre>
 *
 * Nothing is downloaded: the profile reads the extract alone.
 */
public final class BuildBaseMap {

    public static final String ARCHIVE = "basemap.pmtiles";
    public static final String MARKER = "basemap.properties";

    /** Latin (with Maltese, Turkish, ...), Greek, Cyrillic, Latin Extended Additional, punctuation, currency. */
    static final int[] GLYPH_RANGES = {0, 256, 512, 768, 1024, 1280, 7680, 7936, 8192, 8448};

    private BuildBaseMap() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: BuildBaseMap EXTRACT.osm.pbf OUTPUT_DIR MAX_ZOOM [FONT.ttf=Stack name ...]");
            System.exit(2);
        }
        Path extract = Path.of(args[0]);
        Path output = Path.of(args[1]);
        int maxZoom = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        Files.createDirectories(output);
        Map<String, String> arguments = new HashMap<>();
        arguments.put("tmpdir", output.resolve("tmp").toString());
        arguments.put("maxzoom", Integer.toString(maxZoom));
        arguments.put("force", "true");                     // no disk/RAM estimates as errors; the output is ours
        arguments.put("download", "false");                 // nothing from outside: every layer comes from the extract
        arguments.put("storage", "ram");                    // an extract of a city or a country fits in memory
        arguments.put("nodemap_type", "sparsearray");
        arguments.put("loginterval", "5s");
        Planetiler.create(Arguments.of(arguments))
                .setProfile(new BaseMapProfile())
                .addOsmSource("osm", extract)
                .overwriteOutput(output.resolve(ARCHIVE))
                .run();
        deleteTree(output.resolve("tmp"));
        double tileSeconds = (System.nanoTime() - start) / 1e9;
        int ranges = 0;
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            Path font = Path.of(args[i].substring(0, eq));
            String name = args[i].substring(eq + 1);
            if (!Files.isRegularFile(font)) {
                System.err.println("no label glyphs for " + name + ": " + font
                        + " is missing (Debian: apt-get install fonts-dejavu-core); maps show no labels in it");
                continue;
            }
            SdfGlyphs sdf = SdfGlyphs.of(font, name);
            Path stack = Files.createDirectories(output.resolve("glyphs").resolve(name));
            java.util.stream.IntStream.of(GLYPH_RANGES).parallel().forEach(first -> {
                try {
                    Files.write(stack.resolve(first + "-" + (first + 255) + ".pbf"), sdf.range(first));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ranges += GLYPH_RANGES.length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Properties marker = new Properties();
        marker.setProperty("extract", extract.toString());
        marker.setProperty("profile.version", BaseMapProfile.VERSION);
        marker.setProperty("max.zoom", Integer.toString(maxZoom));
        marker.setProperty("glyph.ranges", Integer.toString(ranges));
        marker.setProperty("tiles.seconds", String.format(Locale.ROOT, "%.2f", tileSeconds));
        marker.setProperty("build.seconds", String.format(Locale.ROOT, "%.2f", seconds));
        try (OutputStream out = Files.newOutputStream(output.resolve(MARKER))) {
            marker.store(out, "FieldPlan base map");
        }
        System.out.printf(Locale.ROOT, "base map built in %.1f s (tiles %.1f s, %d glyph ranges)%n", seconds,
                tileSeconds, ranges);
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
