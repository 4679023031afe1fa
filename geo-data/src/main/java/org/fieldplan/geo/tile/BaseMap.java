package org.fieldplan.geo.tile;

import com.onthegomap.planetiler.VectorTile;
import com.onthegomap.planetiler.archive.Tile;
import com.onthegomap.planetiler.geo.GeometryException;
import com.onthegomap.planetiler.pmtiles.Pmtiles;
import com.onthegomap.planetiler.pmtiles.ReadablePmtiles;
import com.onthegomap.planetiler.util.BuildInfo;
import com.onthegomap.planetiler.util.CloseableIterator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.fieldplan.geo.road.RoadNetwork;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * The deployment's base map: vector tiles of its OpenStreetMap extract (the tiles module's {@code BaseMapProfile}) and the label glyphs,
 * built once into {@code <cache root>/tiles-<profile version>-planetiler-<version>-z<max zoom>-<extract SHA-256>/}
 * (next to the road graph, keyed the same way) and held in memory while open: Malta's whole map is a few megabytes.
 *
 * <p>A build writes into a scratch directory that is moved into place when complete, so an interrupted build leaves
 * nothing half-written and two processes building at once do not collide. Tiles are answered as stored, gzip
 * compressed Mapbox Vector Tiles; a zoom deeper than the built one is cut from its ancestor on request ("overzoom")
 * and kept. Thread-safe.
 */
public final class BaseMap {

    /** Deepest zoom answered: beyond the built zoom, tiles are cut from the built ones. */
    public static final int MAX_SERVED_ZOOM = 18;

    /** The tiles module's BaseMapProfile.VERSION: part of the cache key. Bump both together. */
    static final String PROFILE_VERSION = "2";

    private static final System.Logger LOG = System.getLogger(BaseMap.class.getName());
    private static final String MARKER = "basemap.properties";
    private static final String ARCHIVE = "basemap.pmtiles";
    private static final double OVERZOOM_BUFFER = 8;
    private static final int OVERZOOM_CACHE = 50_000;
    private static final int DECODED_PARENTS = 2_000;
    private static final int PRECUT_MIN_BYTES = 200;

    private final Map<Long, byte[]> tiles;
    private final Map<String, byte[]> glyphs;
    private final Map<Long, byte[]> overzoomed = new ConcurrentHashMap<>();
    private final Map<Long, List<Decoded>> decodedParents = new ConcurrentHashMap<>();
    /** The child of every all-fill parent with these bytes (the open sea...), or {@link #NOT_FILL}. */
    private final Map<java.nio.ByteBuffer, byte[]> fillChildren = new ConcurrentHashMap<>();
    private static final byte[] NOT_FILL = new byte[0];
    private final int maxZoom;
    private final double[] bounds;
    private final Path directory;
    private final double buildSeconds;
    private final boolean built;
    private final String sha256;

    private BaseMap(Map<Long, byte[]> tiles, Map<String, byte[]> glyphs, int maxZoom, double[] bounds, Path directory,
            double buildSeconds, boolean built, String sha256) {
        this.tiles = tiles;
        this.glyphs = glyphs;
        this.maxZoom = maxZoom;
        this.bounds = bounds;
        this.directory = directory;
        this.buildSeconds = buildSeconds;
        this.built = built;
        this.sha256 = sha256;
    }

    /** Opens the base map of {@code settings.extract()}, building it first when the cache has none. */
    public static BaseMap open(BaseMapSettings settings, Consumer<String> progress) {
        Path extract = settings.extract();
        if (!Files.isRegularFile(extract)) {
            throw new IllegalArgumentException("The OSM extract " + extract.toAbsolutePath()
                    + " does not exist; name an .osm.pbf file (e.g. ../shared/data/osm/malta-2018-08-27.osm.pbf).");
        }
        String sha256 = RoadNetwork.sha256(extract);
        Path root = settings.cacheRoot().toAbsolutePath().normalize();
        Path directory = root.resolve("tiles-" + PROFILE_VERSION + "-planetiler-" + planetilerVersion()
                + "-z" + settings.maxZoom() + "-" + sha256);
        boolean built = false;
        if (!Files.isRegularFile(directory.resolve(MARKER))) {
            build(settings, sha256, root, directory, progress);
            built = true;
        }
        Properties marker = new Properties();
        try (InputStream in = Files.newInputStream(directory.resolve(MARKER))) {
            marker.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + directory.resolve(MARKER), e);
        }
        Map<Long, byte[]> tiles = new HashMap<>();
        double[] bounds;
        try (ReadablePmtiles archive = (ReadablePmtiles) ReadablePmtiles.newReadFromFile(directory.resolve(ARCHIVE));
                CloseableIterator<Tile> all = archive.getAllTiles()) {
            while (all.hasNext()) {
                Tile tile = all.next();
                tiles.put(key(tile.coord().z(), tile.coord().x(), tile.coord().y()), tile.bytes());
            }
            Pmtiles.Header header = archive.getHeader();
            bounds = new double[] {header.minLonE7() / 1e7, header.minLatE7() / 1e7, header.maxLonE7() / 1e7,
                    header.maxLatE7() / 1e7};
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tile archive " + directory.resolve(ARCHIVE), e);
        }
        Map<String, byte[]> glyphs = new HashMap<>();
        Path glyphDir = directory.resolve("glyphs");
        if (Files.isDirectory(glyphDir)) {
            try (Stream<Path> files = Files.walk(glyphDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String stack = file.getParent().getFileName().toString();
                    String range = file.getFileName().toString().replace(".pbf", "");
                    glyphs.put(stack + "/" + range, Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the glyphs in " + glyphDir, e);
            }
        }
        double seconds = Double.parseDouble(marker.getProperty("build.seconds", "0"));
        progress.accept(String.format(Locale.ROOT, "base map %s: %d tiles (zoom 0-%d), %d glyph ranges, built in %.1f s%s",
                directory.getFileName(), tiles.size(), settings.maxZoom(), glyphs.size(), seconds,
                built ? "" : " (from cache)"));
        return new BaseMap(Map.copyOf(tiles), Map.copyOf(glyphs), settings.maxZoom(), bounds, directory, seconds,
                built, sha256);
    }

    private static String planetilerVersion() {
        BuildInfo info = BuildInfo.get();
        return info == null || info.version() == null ? "unknown" : info.version();
    }

    private static void build(BaseMapSettings settings, String sha256, Path root, Path directory,
            Consumer<String> progress) {
        Path scratch;
        try {
            Files.createDirectories(root);
            scratch = Files.createTempDirectory(root, directory.getFileName() + ".building-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a scratch directory in the tile cache " + root, e);
        }
        progress.accept(String.format(Locale.ROOT, "building the base map of %s (%.1f MB, sha256 %s) with Planetiler %s, "
                + "profile %s, zoom 0-%d; into %s", settings.extract().getFileName(),
                settings.extract().toFile().length() / 1e6, sha256.substring(0, 12), planetilerVersion(),
                PROFILE_VERSION, settings.maxZoom(), directory));
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-Djava.awt.headless=true", "-cp", builderClasspath(settings.builder()),
                    "org.fieldplan.tiles.BuildBaseMap",
                    settings.extract().toAbsolutePath().toString(), scratch.toString(),
                    Integer.toString(settings.maxZoom())));
            for (BaseMapSettings.FontFile font : settings.fonts()) {
                command.add(font.file().toAbsolutePath() + "=" + font.name());
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
            try (java.io.BufferedReader lines = process.inputReader()) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.contains("WARN") || line.contains("ERROR") || line.contains("base map built")
                            || line.contains("[overall]") || line.contains("glyphs")) {
                        progress.accept("builder: " + line.strip());
                    }
                    tail.add(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || !Files.isRegularFile(scratch.resolve(MARKER))) {
                throw new IllegalStateException("The base-map builder failed (exit " + exit + ") on "
                        + settings.extract() + "; its last lines:\n" + String.join("\n", tail));
            }
            try {
                Files.move(scratch, directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                deleteQuietly(scratch);                    // another process finished first: use its map
            }
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(scratch);
            throw new IllegalStateException("The tile cache " + root + " does not support atomic moves", e);
        } catch (IOException e) {
            deleteQuietly(scratch);
            throw new UncheckedIOException("Cannot build the base map of " + settings.extract() + " into " + scratch, e);
        } catch (InterruptedException e) {
            deleteQuietly(scratch);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the base map", e);
        } catch (RuntimeException e) {
            deleteQuietly(scratch);
            throw e;
        }
    }

    private static String builderClasspath(Path builder) throws IOException {
        Path list = builder.resolve("classpath.txt");
        if (!Files.isRegularFile(list) || !Files.isDirectory(builder.resolve("classes"))) {
            throw new IllegalStateException("The base-map builder is not at " + builder.toAbsolutePath()
                    + " (classes/ and classpath.txt of the tiles module); build it (./mvnw -pl geo-data/tiles -am install) or "
                    + "set fieldplan.tiles.builder / FIELDPLAN_TILES_BUILDER to its target directory.");
        }
        return builder.resolve("classes") + java.io.File.pathSeparator + Files.readString(list).strip();
    }

    /**
     * The tile at {@code z/x/y} as stored (gzip-compressed Mapbox Vector Tile), or null where the map has nothing
     * (the sea, outside the extract, a zoom beyond {@link #MAX_SERVED_ZOOM}).
     */
    public byte @Nullable [] tile(int z, int x, int y) {
        if (z < 0 || z > MAX_SERVED_ZOOM || x < 0 || y < 0 || x >= (1 << z) || y >= (1 << z)) {
            return null;
        }
        if (z <= maxZoom) {
            return tiles.get(key(z, x, y));
        }
        int dz = z - maxZoom;
        byte[] parent = tiles.get(key(maxZoom, x >> dz, y >> dz));
        if (parent == null) {
            return null;
        }
        byte[] fill = fillChild(parent, x >> dz, y >> dz);
        if (fill != null) {
            return fill;
        }
        long key = key(z, x, y);
        byte[] cut = overzoomed.get(key);
        if (cut != null) {
            return cut.length == 0 ? null : cut;
        }
        cut = overzoom(z, x, y);
        if (overzoomed.size() > OVERZOOM_CACHE) {
            overzoomed.clear();
        }
        overzoomed.put(key, cut == null ? new byte[0] : cut);
        return cut;
    }

    /**
     * Cuts and keeps, ahead of requests, the tiles of the zooms below the built one down to {@code untilZoom} under
     * every built tile that holds more than a fill (the sea's children are cheap to cut on request). Returns how
     * many were cut. For Malta to z16: about 6,000 tiles, a few seconds of CPU.
     */
    public int precut(int untilZoom) {
        int cut = 0;
        for (Map.Entry<Long, byte[]> entry : tiles.entrySet()) {
            long key = entry.getKey();
            if ((int) (key >>> 56) != maxZoom || entry.getValue().length < PRECUT_MIN_BYTES) {
                continue;
            }
            int x = (int) ((key >>> 28) & 0xFFFFFFFL);
            int y = (int) (key & 0xFFFFFFFL);
            for (int z = maxZoom + 1; z <= Math.min(untilZoom, MAX_SERVED_ZOOM); z++) {
                int d = z - maxZoom;
                for (int cx = x << d; cx < (x + 1) << d; cx++) {
                    for (int cy = y << d; cy < (y + 1) << d; cy++) {
                        tile(z, cx, cy);
                        cut++;
                    }
                }
            }
        }
        return cut;
    }

    /** A line of a layer in degrees, e.g. a street: its {@code class} and {@code name} attributes (empty when none). */
    public record MapLine(String kind, String name, double[] lats, double[] lons) {}

    /**
     * The lines of {@code layer} (e.g. "roads") in the tiles of {@code zoom} (at most the built zoom) over the box,
     * in degrees; a line crossing tiles comes in one piece per tile (overlapping by the tiles' buffer). At most
     * {@code maxTiles} tiles are read: a box too big for the zoom is an error, to be asked again at a lower zoom.
     */
    public List<MapLine> lines(String layer, double south, double west, double north, double east, int zoom, int maxTiles) {
        int z = Math.min(zoom, maxZoom);
        int x0 = tileX(west, z), x1 = tileX(east, z), y0 = tileY(north, z), y1 = tileY(south, z);
        long count = (long) (x1 - x0 + 1) * (y1 - y0 + 1);
        if (count > maxTiles) {
            throw new IllegalArgumentException("The box (" + south + ", " + west + ") - (" + north + ", " + east
                    + ") covers " + count + " tiles at zoom " + z + ", more than " + maxTiles + "; ask at a lower zoom.");
        }
        List<MapLine> lines = new ArrayList<>();
        for (int x = x0; x <= x1; x++) {
            for (int y = y0; y <= y1; y++) {
                byte[] tile = tiles.get(key(z, x, y));
                if (tile == null) {
                    continue;
                }
                for (VectorTile.Feature feature : VectorTile.decode(gunzip(tile))) {
                    if (!feature.layer().equals(layer)) {
                        continue;
                    }
                    Geometry geometry;
                    try {
                        geometry = feature.geometry().decode();
                    } catch (GeometryException e) {
                        continue;
                    }
                    String kind = String.valueOf(feature.tags().getOrDefault("class", ""));
                    String name = String.valueOf(feature.tags().getOrDefault("name", ""));
                    for (int i = 0; i < geometry.getNumGeometries(); i++) {
                        org.locationtech.jts.geom.Coordinate[] c = geometry.getGeometryN(i).getCoordinates();
                        if (c.length < 2 || geometry.getDimension() != 1) {
                            continue;
                        }
                        double[] lats = new double[c.length];
                        double[] lons = new double[c.length];
                        for (int k = 0; k < c.length; k++) {
                            lons[k] = (x + c[k].x / 256) / (1 << z) * 360 - 180;
                            lats[k] = Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * (y + c[k].y / 256) / (1 << z)))));
                        }
                        lines.add(new MapLine(kind, name, lats, lons));
                    }
                }
            }
        }
        return lines;
    }

    static int tileX(double lon, int z) {
        return Math.clamp((long) Math.floor((lon + 180) / 360 * (1 << z)), 0, (1 << z) - 1);
    }

    static int tileY(double lat, int z) {
        double r = Math.toRadians(Math.clamp(lat, -85.05, 85.05));
        return Math.clamp((long) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z)),
                0, (1 << z) - 1);
    }

    /** The glyph PBF of {@code fontStack} for the range starting at {@code start}: empty when not generated. */
    public byte[] glyphs(String fontStack, int start) {
        byte[] stored = glyphs.get(fontStack + "/" + start + "-" + (start + 255));
        return stored != null ? stored : emptyRange(fontStack, start);
    }

    /** The font stacks glyphs were generated for. */
    public List<String> fontStacks() {
        return glyphs.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().sorted().toList();
    }

    public int maxZoom() {
        return maxZoom;
    }

    /** west, south, east, north of the data, degrees. */
    public double[] bounds() {
        return bounds.clone();
    }

    public int tileCount() {
        return tiles.size();
    }

    public double buildSeconds() {
        return buildSeconds;
    }

    /** True when this open built the map (rather than finding it in the cache). */
    public boolean built() {
        return built;
    }

    public Path directory() {
        return directory;
    }

    /** A short, stable tag of the map's content (for ETags): the extract's checksum and the profile version. */
    public String version() {
        return PROFILE_VERSION + "-" + sha256.substring(0, 16);
    }

    /** A feature of a built tile with its geometry decoded once (tile pixels, 0-256) and its envelope. */
    private record Decoded(VectorTile.Feature feature, Geometry geometry, Envelope envelope) {}

    /**
     * The child of a parent that is all fill (the open sea, a wood that covers the tile): when every feature of the
     * parent is an area covering the whole tile (with the half of the overzoom buffer that a child's box can reach),
     * every child at every deeper zoom is the same tile: those features over the child's whole box. It is made once
     * per distinct parent content and shared, so the sea costs a map lookup instead of a decode, clip, encode and
     * gzip per tile (which made the benchmark's tail: thousands of such cuts on request). Null when the parent is
     * not such a fill; only small parents are considered (a fill is a few dozen bytes).
     */
    private byte @Nullable [] fillChild(byte[] parent, int x, int y) {
        if (parent.length >= PRECUT_MIN_BYTES) {
            return null;
        }
        java.nio.ByteBuffer content = java.nio.ByteBuffer.wrap(parent);
        byte[] known = fillChildren.get(content);
        if (known != null) {
            return known == NOT_FILL ? null : known;
        }
        List<Decoded> decoded = decodedParent(x, y);
        byte[] child = NOT_FILL;
        GeometryFactory factory = new GeometryFactory();
        Geometry reach = factory.toGeometry(new Envelope(-OVERZOOM_BUFFER / 2, 256 + OVERZOOM_BUFFER / 2,
                -OVERZOOM_BUFFER / 2, 256 + OVERZOOM_BUFFER / 2));
        if (decoded != null && !decoded.isEmpty() && decoded.stream().allMatch(d ->
                d.geometry() instanceof org.locationtech.jts.geom.Polygonal && d.geometry().covers(reach))) {
            Geometry whole = factory.toGeometry(new Envelope(-OVERZOOM_BUFFER, 256 + OVERZOOM_BUFFER,
                    -OVERZOOM_BUFFER, 256 + OVERZOOM_BUFFER));
            Map<String, List<VectorTile.Feature>> layers = new LinkedHashMap<>();
            for (Decoded d : decoded) {
                layers.computeIfAbsent(d.feature().layer(), l -> new ArrayList<>())
                        .add(d.feature().copyWithNewGeometry(VectorTile.encodeGeometry(whole)));
            }
            VectorTile out = new VectorTile();
            layers.forEach(out::addLayerFeatures);
            child = gzip(out.encode());
        }
        fillChildren.put(content, child);
        return child == NOT_FILL ? null : child;
    }

    /** The features of a built tile at the deepest zoom, decoded once and kept: its children share them. */
    private @Nullable List<Decoded> decodedParent(int x, int y) {
        long key = key(maxZoom, x, y);
        List<Decoded> decoded = decodedParents.get(key);
        if (decoded != null) {
            return decoded;
        }
        byte[] parent = tiles.get(key);
        if (parent == null) {
            return null;
        }
        List<Decoded> list = new ArrayList<>();
        for (VectorTile.Feature feature : VectorTile.decode(gunzip(parent))) {
            try {
                Geometry geometry = feature.geometry().decode();
                list.add(new Decoded(feature, geometry, geometry.getEnvelopeInternal()));
            } catch (GeometryException e) {
                // a feature the tile's own encoder could not close: it was not drawable at the built zoom either
            }
        }
        if (decodedParents.size() > DECODED_PARENTS) {
            decodedParents.clear();
        }
        decodedParents.put(key, List.copyOf(list));
        return list;
    }

    private byte @Nullable [] overzoom(int z, int x, int y) {
        int dz = z - maxZoom;
        int parentX = x >> dz;
        int parentY = y >> dz;
        List<Decoded> parent = decodedParent(parentX, parentY);
        if (parent == null) {
            return null;
        }
        double scale = 1 << dz;
        double offsetX = (x - ((long) parentX << dz)) * 256.0;
        double offsetY = (y - ((long) parentY << dz)) * 256.0;
        // the child's box (with its buffer) in the parent's pixels: most features lie outside and are skipped unscaled
        Envelope inParent = new Envelope((offsetX - OVERZOOM_BUFFER) / scale, (offsetX + 256 + OVERZOOM_BUFFER) / scale,
                (offsetY - OVERZOOM_BUFFER) / scale, (offsetY + 256 + OVERZOOM_BUFFER) / scale);
        AffineTransformation transform = new AffineTransformation().scale(scale, scale).translate(-offsetX, -offsetY);
        Envelope clip = new Envelope(-OVERZOOM_BUFFER, 256 + OVERZOOM_BUFFER, -OVERZOOM_BUFFER, 256 + OVERZOOM_BUFFER);
        GeometryFactory factory = new GeometryFactory();
        Map<String, List<VectorTile.Feature>> layers = new LinkedHashMap<>();
        for (Decoded decoded : parent) {
            if (!inParent.intersects(decoded.envelope())) {
                continue;
            }
            Geometry geometry = transform.transform(decoded.geometry());
            Geometry clipped = clip.contains(geometry.getEnvelopeInternal()) ? geometry
                    : RectangleClip.clip(geometry, clip, factory);
            if (clipped.isEmpty()) {
                continue;
            }
            layers.computeIfAbsent(decoded.feature().layer(), l -> new ArrayList<>())
                    .add(decoded.feature().copyWithNewGeometry(VectorTile.encodeGeometry(clipped)));
        }
        if (layers.isEmpty()) {
            return null;
        }
        VectorTile out = new VectorTile();
        layers.forEach(out::addLayerFeatures);
        return gzip(out.encode());
    }

    /** A glyph PBF with the font stack and range but no glyphs (protocol buffers written by hand). */
    static byte[] emptyRange(String name, int start) {
        ByteArrayOutputStream stack = new ByteArrayOutputStream();
        field(stack, 1, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        field(stack, 2, (start + "-" + (start + 255)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ByteArrayOutputStream glyphs = new ByteArrayOutputStream();
        field(glyphs, 1, stack.toByteArray());
        return glyphs.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        out.write(number << 3 | 2);
        for (int length = value.length; ; length >>>= 7) {
            if ((length & ~0x7f) == 0) {
                out.write(length);
                break;
            }
            out.write(length & 0x7f | 0x80);
        }
        out.writeBytes(value);
    }

    private static long key(int z, int x, int y) {
        return ((long) z << 56) | ((long) x << 28) | y;
    }

    /** Un-gzips a stored tile. */
    public static byte[] gunzip(byte[] gzipped) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("A stored tile is not gzip-compressed", e);
        }
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 2 + 64);
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + directory + ": " + e.getMessage());
        }
    }
}
