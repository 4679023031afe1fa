package org.fieldplan.geo.road;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.GraphHopper;
import com.graphhopper.ResponsePath;
import com.graphhopper.config.CHProfile;
import com.graphhopper.config.Profile;
import com.graphhopper.routing.ev.Subnetwork;
import com.graphhopper.routing.util.DefaultSnapFilter;
import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.RoutingCHGraph;
import com.graphhopper.storage.index.LocationIndex;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.Constants;
import com.graphhopper.util.EdgeIteratorState;
import com.graphhopper.util.GHUtility;
import com.graphhopper.util.Parameters;
import com.graphhopper.util.PointList;

import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * A road network loaded from an OpenStreetMap extract: owns GraphHopper's graph from load to close.
 *
 * <p>The graph is imported once (car profile, contraction hierarchies) into a cache directory named
 * after the GraphHopper version, the extract's SHA-256 and the profile, so a changed extract or a
 * GraphHopper upgrade imports afresh while every other start loads in about a second. An import
 * writes into a scratch directory and moves it into place when complete, so an interrupted import
 * never leaves a half-written graph behind and two processes importing at once do not collide.
 *
 * <p>Thread-safe for queries once open; {@link #close()} releases the graph and the matrix threads.
 */
public final class RoadNetwork implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RoadNetwork.class.getName());
    private static final String MARKER = "fieldplan-graph.properties";

    private final RoadNetworkSettings settings;
    private final RoadNetworkInfo info;
    private final GraphHopper hopper;
    private final BaseGraph baseGraph;
    private final Weighting weighting;
    private final LocationIndex locationIndex;
    private final EdgeFilter snapFilter;
    private final UpwardGraph upward;
    private final ExecutorService pool;
    private final int threads;

    private RoadNetwork(RoadNetworkSettings settings, GraphHopper hopper, String sha256, Path directory,
                        boolean imported, double importSeconds, long loadStartNanos) {
        this.settings = settings;
        this.hopper = hopper;
        this.baseGraph = hopper.getBaseGraph();
        RoutingCHGraph ch = hopper.getCHGraphs().get(settings.profile());
        if (ch == null) {
            throw new IllegalStateException("The graph in " + directory + " has no CH preparation for profile "
                    + settings.profile() + "; delete the directory to import again.");
        }
        this.weighting = ch.getWeighting();
        this.locationIndex = hopper.getLocationIndex();
        this.snapFilter = new DefaultSnapFilter(weighting,
                hopper.getEncodingManager().getBooleanEncodedValue(Subnetwork.key(settings.profile())));
        this.upward = UpwardGraph.of(ch);
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "fieldplan-matrix");
            thread.setDaemon(true);
            return thread;
        });
        double loadSeconds = (System.nanoTime() - loadStartNanos) / 1e9;
        this.info = new RoadNetworkInfo(settings.extract(), sha256, Constants.VERSION, directory, imported,
                importSeconds, loadSeconds, sizeOf(directory), baseGraph.getNodes(), baseGraph.getEdges(), ch.getShortcuts());
    }

    /** Opens the network, logging progress through the platform logger. */
    public static RoadNetwork open(RoadNetworkSettings settings) {
        return open(settings, message -> LOG.log(System.Logger.Level.INFO, message));
    }

    /**
     * Opens the network: loads the cached graph, or imports the extract first when there is none.
     *
     * @param progress receives one line per step, and every few seconds during an import
     */
    public static RoadNetwork open(RoadNetworkSettings settings, Consumer<String> progress) {
        Path extract = settings.extract().toAbsolutePath().normalize();
        if (!Files.isRegularFile(extract) || !Files.isReadable(extract)) {
            throw new IllegalArgumentException("The OSM extract (" + extract + ") does not exist or cannot be read;"
                    + " name an .osm.pbf file (e.g. ../shared/data/osm/malta-2018-08-27.osm.pbf).");
        }
        String sha256 = sha256(extract);
        Path root = settings.cacheRoot().toAbsolutePath().normalize();
        Path directory = root.resolve("graphhopper-" + Constants.VERSION + "-" + settings.profile() + "-" + sha256);
        boolean imported = false;
        double importSeconds = 0;
        if (!Files.isRegularFile(directory.resolve(MARKER))) {
            importSeconds = importInto(settings, extract, sha256, root, directory, progress);
            imported = true;
        }
        long loadStart = System.nanoTime();
        GraphHopper hopper = configure(settings, extract);
        hopper.setGraphHopperLocation(directory.toString());
        hopper.setAllowWrites(false);
        if (!hopper.load()) {
            hopper.close();
            throw new IllegalStateException("The cached graph in " + directory + " could not be loaded;"
                    + " delete that directory to import " + extract.getFileName() + " again.");
        }
        try {
            RoadNetwork network = new RoadNetwork(settings.withCacheRoot(root), hopper, sha256, directory,
                    imported, importSeconds, loadStart);
            progress.accept(String.format(Locale.ROOT, "road network %s ready: %d nodes, %d edges, %d shortcuts, %s in %.2f s (cache %s, %.1f MB)",
                    extract.getFileName(), network.info.nodes(), network.info.edges(), network.info.shortcuts(),
                    imported ? "imported" : "loaded from cache", network.info.loadSeconds() + importSeconds, directory,
                    network.info.cacheBytes() / 1e6));
            return network;
        } catch (RuntimeException e) {
            hopper.close();
            throw e;
        }
    }

    private static GraphHopper configure(RoadNetworkSettings settings, Path extract) {
        GraphHopper hopper = new GraphHopper();
        hopper.setOSMFile(extract.toString());
        hopper.setEncodedValuesString("car_access, car_average_speed, road_access");
        hopper.setProfiles(new Profile(settings.profile()).setCustomModel(GHUtility.loadCustomModelFromJar("car.json")));
        hopper.getCHPreparationHandler().setCHProfiles(new CHProfile(settings.profile()));
        return hopper;
    }

    private static double importInto(RoadNetworkSettings settings, Path extract, String sha256, Path root, Path directory,
                                     Consumer<String> progress) {
        Path scratch;
        try {
            Files.createDirectories(root);
            scratch = Files.createTempDirectory(root, directory.getFileName() + ".importing-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the graph cache under " + root
                    + "; set fieldplan.graph.cache (or FIELDPLAN_GRAPH_CACHE) to a writable directory", e);
        }
        long started = System.nanoTime();
        progress.accept(String.format(Locale.ROOT, "importing %s (%.1f MB, sha256 %s) with GraphHopper %s, profile %s, CH; into %s",
                extract.getFileName(), extract.toFile().length() / 1e6, sha256.substring(0, 12), Constants.VERSION,
                settings.profile(), directory));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fieldplan-import-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> progress.accept(String.format(Locale.ROOT,
                "  still importing %s: %.0f s (reading ways, then contracting the hierarchy; about 5 s per 4 MB of extract on a quiet 2-core machine)",
                extract.getFileName(), (System.nanoTime() - started) / 1e9)), 5, 5, TimeUnit.SECONDS);
        GraphHopper hopper = configure(settings, extract);
        hopper.setGraphHopperLocation(scratch.toString());
        try {
            hopper.importOrLoad();
        } catch (RuntimeException e) {
            deleteQuietly(scratch);
            throw new IllegalStateException("Importing " + extract + " failed: " + e.getMessage(), e);
        } finally {
            hopper.close();
            ticker.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        writeMarker(scratch.resolve(MARKER), extract, sha256, settings.profile(), seconds);
        try {
            Files.move(scratch, directory, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            progress.accept("another process imported " + extract.getFileName() + " at the same time; using its graph");
            deleteQuietly(scratch);
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(scratch);
            throw new IllegalStateException("The graph cache " + root + " does not support atomic moves", e);
        } catch (IOException e) {
            deleteQuietly(scratch);
            throw new UncheckedIOException("Cannot move the imported graph into " + directory, e);
        }
        progress.accept(String.format(Locale.ROOT, "imported %s in %.2f s", extract.getFileName(), seconds));
        return seconds;
    }

    private static void writeMarker(Path file, Path extract, String sha256, String profile, double seconds) {
        Properties properties = new Properties();
        properties.setProperty("extract", extract.toString());
        properties.setProperty("extract.sha256", sha256);
        properties.setProperty("graphhopper.version", Constants.VERSION);
        properties.setProperty("profile", profile);
        properties.setProperty("import.seconds", String.format(Locale.ROOT, "%.2f", seconds));
        properties.setProperty("imported.at", Instant.now().toString());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "FieldPlan road graph; delete this directory to import again");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** What was loaded, from where, how long it took and how big it is. */
    public RoadNetworkInfo info() {
        return info;
    }

    public RoadNetworkSettings settings() {
        return settings;
    }

    /**
     * Snaps every location to the nearest road usable by the profile, once.
     *
     * @throws LocationsOffRoadException listing every location farther than the snap limit
     */
    List<Snap> snap(List<GeoPoint> points) {
        List<OffRoadLocation> off = new ArrayList<>();
        List<Snap> snaps = snapAll(points, off);
        if (!off.isEmpty()) {
            throw new LocationsOffRoadException(off, settings.snapLimitMetres(), settings.extract().getFileName().toString());
        }
        return snaps;
    }

    /**
     * The locations that lie farther than the snap limit from any road, without failing: for checking
     * addresses before they are used (e.g. when a customer books a visit).
     */
    public List<OffRoadLocation> offRoad(List<GeoPoint> points) {
        List<OffRoadLocation> off = new ArrayList<>();
        snapAll(points, off);
        return off;
    }

    private List<Snap> snapAll(List<GeoPoint> points, List<OffRoadLocation> off) {
        List<Snap> snaps = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            GeoPoint p = points.get(i);
            Snap snap = locationIndex.findClosest(p.lat(), p.lon(), snapFilter);
            if (!snap.isValid()) {
                off.add(new OffRoadLocation(i, p.lat(), p.lon(), distanceToNearestRoadNode(p)));
            } else if (snap.getQueryDistance() > settings.snapLimitMetres()) {
                off.add(new OffRoadLocation(i, p.lat(), p.lon(), snap.getQueryDistance()));
            }
            snaps.add(snap);
        }
        return snaps;
    }

    /**
     * For a location the location index found no road for (it searches only nearby cells): the
     * distance to the nearest node of a road the profile may use, by brute force, or -1 if none.
     */
    private double distanceToNearestRoadNode(GeoPoint p) {
        com.graphhopper.util.DistanceCalc calc = com.graphhopper.util.DistanceCalcEarth.DIST_EARTH;
        com.graphhopper.routing.util.AllEdgesIterator edges = baseGraph.getAllEdges();
        com.graphhopper.storage.NodeAccess nodes = baseGraph.getNodeAccess();
        double best = Double.POSITIVE_INFINITY;
        while (edges.next()) {
            if (!snapFilter.accept(edges)) {
                continue;
            }
            for (int node : new int[] {edges.getBaseNode(), edges.getAdjNode()}) {
                best = Math.min(best, calc.calcDist(p.lat(), p.lon(), nodes.getLat(node), nodes.getLon(node)));
            }
        }
        return best == Double.POSITIVE_INFINITY ? -1 : best;
    }

    /**
     * Travel times and distances between all points on the road network, many-to-many on the CH graph.
     *
     * @throws LocationsOffRoadException when any point lies farther than the snap limit from a road
     */
    public TravelMatrix matrix(List<GeoPoint> points) {
        List<Snap> snaps = snap(points);
        return new ManyToMany(upward, baseGraph, weighting, pool, threads).compute(snaps);
    }

    /**
     * Every named street a car may use, once per name and neighbourhood (about 2 km), with a point on it where the
     * street's edges are densest near their middle; sorted by name. No personal data: names come from the map.
     */
    public List<StreetPoint> streets() {
        java.util.Map<String, List<double[]>> byKey = new java.util.TreeMap<>();
        com.graphhopper.routing.util.AllEdgesIterator edges = baseGraph.getAllEdges();
        com.graphhopper.storage.NodeAccess nodes = baseGraph.getNodeAccess();
        while (edges.next()) {
            String name = edges.getName();
            if (name == null || name.isBlank() || !snapFilter.accept(edges)) {
                continue;
            }
            double lat = (nodes.getLat(edges.getBaseNode()) + nodes.getLat(edges.getAdjNode())) / 2;
            double lon = (nodes.getLon(edges.getBaseNode()) + nodes.getLon(edges.getAdjNode())) / 2;
            String key = name.strip() + "|" + Math.round(lat / 0.02) + "|" + Math.round(lon / 0.02);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {lat, lon});
        }
        List<StreetPoint> out = new ArrayList<>(byKey.size());
        for (java.util.Map.Entry<String, List<double[]>> e : byKey.entrySet()) {
            List<double[]> pts = e.getValue();
            double clat = 0;
            double clon = 0;
            for (double[] p : pts) {
                clat += p[0];
                clon += p[1];
            }
            clat /= pts.size();
            clon /= pts.size();
            double[] best = pts.get(0);
            double bestD = Double.MAX_VALUE;
            for (double[] p : pts) {
                double d = (p[0] - clat) * (p[0] - clat) + (p[1] - clon) * (p[1] - clon);
                if (d < bestD) {
                    bestD = d;
                    best = p;
                }
            }
            out.add(new StreetPoint(e.getKey().substring(0, e.getKey().indexOf('|')), best[0], best[1]));
        }
        return out;
    }

    /**
     * Prepares {@code points} so that the travel between any further point and all of them is quick
     * ({@link PreparedLocations#travel}).
     *
     * @throws LocationsOffRoadException when any point lies farther than the snap limit from a road
     */
    public PreparedLocations prepare(List<GeoPoint> points) {
        List<Snap> snaps = snap(points);
        return new PreparedLocations(this, new ManyToMany(upward, baseGraph, weighting, pool, threads).prepare(snaps), points);
    }

    void extend(ManyToMany.Prepared prepared, GeoPoint point, PreparedLocations.Travel travel) {
        Snap snap = snap(List.of(point)).get(0);
        new ManyToMany(upward, baseGraph, weighting, pool, threads).extend(prepared, snap, travel.toSeconds(),
                travel.toMetres(), travel.fromSeconds(), travel.fromMetres());
    }

    /**
     * GraphHopper's own point-to-point route (CH) between two points, snapped like the matrix's.
     *
     * @param withPoints whether to compute the road polyline (slower)
     * @return the route, or {@code null} when no road connects the two points
     * @throws LocationsOffRoadException when a point lies farther than the snap limit from a road
     */
    public PointToPointRoute route(GeoPoint from, GeoPoint to, boolean withPoints) {
        snap(List.of(from, to));
        return graphHopperRoute(from, to, withPoints);
    }

    /**
     * GraphHopper's own CH route exactly as GraphHopper answers it, without the snap-limit check:
     * the point-to-point baseline the matrix benchmark compares with.
     *
     * @return the route, or {@code null} when no road connects the two points
     */
    public PointToPointRoute graphHopperRoute(GeoPoint from, GeoPoint to, boolean withPoints) {
        GHRequest request = new GHRequest(from.lat(), from.lon(), to.lat(), to.lon()).setProfile(settings.profile());
        request.putHint(Parameters.Routing.INSTRUCTIONS, false);
        request.putHint(Parameters.Routing.CALC_POINTS, withPoints);
        GHResponse response = hopper.route(request);
        if (response.hasErrors()) {
            if (response.getErrors().stream().allMatch(e -> e instanceof com.graphhopper.util.exceptions.ConnectionNotFoundException)) {
                return null;
            }
            throw new IllegalStateException("GraphHopper could not route from " + from + " to " + to + ": " + response.getErrors());
        }
        ResponsePath path = response.getBest();
        PointList points = path.getPoints();
        double[] lats = new double[withPoints ? points.size() : 0];
        double[] lons = new double[lats.length];
        for (int i = 0; i < lats.length; i++) {
            lats[i] = points.getLat(i);
            lons[i] = points.getLon(i);
        }
        return new PointToPointRoute(path.getTime(), path.getDistance(), lats, lons);
    }

    /**
     * The road polyline of an ordered route with time and distance per leg (stop i to stop i + 1).
     *
     * @throws LocationsOffRoadException naming every stop too far from a road
     * @throws IllegalArgumentException  naming every leg no road connects
     */
    public RouteGeometry routeGeometry(List<GeoPoint> stops) {
        snap(stops);
        List<PointToPointRoute> legs = new ArrayList<>(Math.max(0, stops.size() - 1));
        List<String> broken = new ArrayList<>();
        for (int i = 0; i + 1 < stops.size(); i++) {
            PointToPointRoute leg = route(stops.get(i), stops.get(i + 1), true);
            if (leg == null) {
                broken.add("leg " + i + " from stop " + i + " " + stops.get(i) + " to stop " + (i + 1) + " " + stops.get(i + 1));
            }
            legs.add(leg);
        }
        if (!broken.isEmpty()) {
            throw new IllegalArgumentException(broken.size() + (broken.size() == 1 ? " leg" : " legs")
                    + " of the route cannot be driven on " + settings.extract().getFileName()
                    + " (no road connects the stops; one-way streets or an island?):\n  " + String.join("\n  ", broken));
        }
        return RouteGeometry.of(stops, legs);
    }

    /**
     * The first edge (by id) the profile may use that is one-way (or two-way) and at least
     * {@code minMetres} long, oriented in its direction of travel: for tests that need such a street.
     */
    EdgeIteratorState findEdge(boolean oneWay, double minMetres) {
        for (int e = 0; e < baseGraph.getEdges(); e++) {
            EdgeIteratorState edge = baseGraph.getEdgeIteratorState(e, Integer.MIN_VALUE);
            if (!snapFilter.accept(edge) || edge.getDistance() < minMetres || edge.getBaseNode() == edge.getAdjNode()) {
                continue;
            }
            boolean forward = Double.isFinite(weighting.calcEdgeWeight(edge, false));
            boolean backward = Double.isFinite(weighting.calcEdgeWeight(edge, true));
            if (oneWay && forward != backward) {
                return forward ? edge : edge.detach(true);
            }
            if (!oneWay && forward && backward) {
                return edge;
            }
        }
        throw new IllegalStateException("No " + (oneWay ? "one-way" : "two-way") + " road of at least " + minMetres
                + " m in " + settings.extract().getFileName());
    }

    /**
     * Random locations on roads the profile can use (for tests and benchmarks): a random edge, a random
     * point along its geometry, moved up to {@code jitterMetres} off the road so that snapping has work.
     */
    public List<GeoPoint> randomRoadLocations(int count, long seed, double jitterMetres) {
        java.util.Random random = new java.util.Random(seed);
        List<GeoPoint> points = new ArrayList<>(count);
        int edges = baseGraph.getEdges();
        int attempts = 0;
        while (points.size() < count) {
            if (++attempts > count * 1000 + 10_000) {
                throw new IllegalStateException("Found only " + points.size() + " of " + count + " road locations in "
                        + settings.extract().getFileName() + "; does it contain roads for " + settings.profile() + "?");
            }
            EdgeIteratorState edge = baseGraph.getEdgeIteratorState(random.nextInt(edges), Integer.MIN_VALUE);
            if (!snapFilter.accept(edge)) {
                continue;
            }
            PointList geometry = edge.fetchWayGeometry(com.graphhopper.util.FetchMode.ALL);
            int segment = random.nextInt(geometry.size() - 1);
            double f = random.nextDouble();
            double lat = geometry.getLat(segment) + f * (geometry.getLat(segment + 1) - geometry.getLat(segment));
            double lon = geometry.getLon(segment) + f * (geometry.getLon(segment + 1) - geometry.getLon(segment));
            double angle = random.nextDouble() * 2 * Math.PI;
            double off = random.nextDouble() * jitterMetres;
            lat += off * Math.sin(angle) / 111_320.0;
            lon += off * Math.cos(angle) / (111_320.0 * Math.cos(Math.toRadians(lat)));
            points.add(new GeoPoint(lat, lon));
        }
        return points;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        hopper.close();
    }

    /** The hex SHA-256 of an extract: the cache key of everything built from it (graphs, tiles). */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OSM extract " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    static long sizeOf(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + directory + ": " + e.getMessage());
        }
    }
}
