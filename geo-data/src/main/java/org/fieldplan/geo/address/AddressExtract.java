package org.fieldplan.geo.address;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongLongHashMap;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import com.graphhopper.reader.osm.OSMInputFile;
import com.graphhopper.reader.osm.SkipOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the address index's entries from an {@code .osm.pbf} extract (GraphHopper's PBF reader) in two passes: the
 * relations first (which ways make the administrative boundaries), then nodes and ways (nodes come before ways in a
 * PBF file, so every way's node positions are known when the way is read).
 * <ul>
 *   <li>a <b>house</b> for every node or way with {@code addr:housenumber} and {@code addr:street} (a way's position
 *       is the average of its outline's corners);</li>
 *   <li>a <b>street</b> for every named {@code highway} way, merged per name and locality: the entry's point is the
 *       node of those ways nearest their common centre, so it lies on the street;</li>
 *   <li>the <b>locality</b>: the administrative boundary (relation {@code boundary=administrative} of the
 *       configured {@code admin_level}, default {@value #DEFAULT_ADMIN_LEVEL}) that holds the house, or that holds
 *       most of a street way's length (each segment counted by its middle; a house's {@code addr:city} then stays
 *       among the searchable names); outside every boundary a house's {@code addr:city}, else the nearest {@code place} node of kind city, town, village or suburb (a suburb
 *       counts only within 1.5 km, so a big town's suburb does not swallow the neighbouring village). A boundary is
 *       named by its {@code label} (or {@code admin_centre}) place node when it has one, so "Mosta" reads the same
 *       from a boundary as from a place; a place of another name in the same boundary (Buġibba in St Paul's Bay)
 *       stays among the locality's searchable names.</li>
 * </ul>
 * Node positions are held as packed 1e-7 degree integers in one primitive map (16 bytes a node): a city or small
 * country extract (Malta: about 400,000 nodes) needs a few megabytes.
 */
public final class AddressExtract {

    /**
     * What was read: the extract's SHA-256, the entries, and counts for the log ({@code boundaries}: administrative
     * areas assembled; {@code byBoundary}: entries whose locality a boundary decided).
     */
    public record Result(String sha256, List<AddressEntry> entries, int houses, int streets, int places, int boundaries,
            int byBoundary) {}

    /**
     * The {@code admin_level} of the boundaries that name localities unless a deployment says otherwise: 8 is the
     * municipality level in most of Europe (Malta's local councils, French communes, German Gemeinden, Italian
     * comuni).
     */
    public static final String DEFAULT_ADMIN_LEVEL = "8";

    /**
     * The version of the rules that turn an extract into entries; a stored index built by other rules (or other
     * settings) is rebuilt even when the extract's checksum is the same. 2: localities from administrative boundaries.
     */
    public static final int RULES_VERSION = 2;

    private static final Set<String> PLACE_KINDS = Set.of("city", "town", "village", "suburb");
    private static final Set<String> NOT_STREETS = Set.of("bus_stop", "platform", "elevator", "proposed", "construction",
            "street_lamp", "crossing", "traffic_signals");
    private static final List<String> ALT_NAME_TAGS = List.of("name:en", "name:mt", "name:ru", "alt_name", "old_name");
    private static final double SUBURB_REACH_METRES = 1500;

    private record Place(String name, String alt, String kind, double lat, double lon) {}

    private record House(String street, String number, @Nullable String city, double lat, double lon, String osmId) {}

    private record StreetWay(String name, String alt, double[] lats, double[] lons, String osmId) {}

    /** The locality an entry gets: its name, its other names, and whether a boundary decided it. */
    private record Locality(String name, String alt, boolean byBoundary) {
        static final Locality NONE = new Locality("", "", false);
    }

    private AddressExtract() {}

    /** Reads {@code pbf}, naming localities by their {@code name} tag. */
    public static Result read(Path pbf) {
        return read(pbf, "name");
    }

    /** Reads {@code pbf} with the boundaries of {@link #DEFAULT_ADMIN_LEVEL}. */
    public static Result read(Path pbf, String localityNameTag) {
        return read(pbf, localityNameTag, DEFAULT_ADMIN_LEVEL);
    }

    /**
     * Reads {@code pbf}; localities are named by {@code localityNameTag} when a place has it (e.g. {@code name:en}:
     * "Mosta" where {@code name} is "Il-Mosta"), else by {@code name}; the other names are kept for searching.
     * The locality of a house or street is the administrative boundary of {@code adminLevel} that holds it (blank: no
     * boundaries), else the nearest place node; see the class comment.
     */
    public static Result read(Path pbf, String localityNameTag, String adminLevel) {
        String sha = sha256(pbf);
        Boundaries boundaries = new Boundaries(adminLevel, localityNameTag);
        if (boundaries.enabled()) {
            // first pass, relations only: which ways and label nodes the boundaries need from the second pass
            try (OSMInputFile in = new OSMInputFile(pbf.toFile()).setWorkerThreads(1)
                    .setSkipOptions(new SkipOptions(true, true, false)).open()) {
                ReaderElement e;
                while ((e = in.getNext()) != null) {
                    if (e instanceof ReaderRelation r && r.hasTags()) {
                        boundaries.relation(r);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the OSM extract " + pbf + ": " + e.getMessage(), e);
            } catch (javax.xml.stream.XMLStreamException e) {
                throw new IllegalStateException("Could not read the OSM extract " + pbf + ": " + e.getMessage(), e);
            }
        }
        LongLongHashMap coords = new LongLongHashMap(1 << 16);
        List<Place> places = new ArrayList<>();
        List<House> houses = new ArrayList<>();
        List<StreetWay> streetWays = new ArrayList<>();
        try (OSMInputFile in = new OSMInputFile(pbf.toFile()).setWorkerThreads(1)
                .setSkipOptions(new SkipOptions(false, false, true)).open()) {
            ReaderElement e;
            while ((e = in.getNext()) != null) {
                switch (e.getType()) {
                    case NODE -> {
                        ReaderNode n = (ReaderNode) e;
                        coords.put(n.getId(), pack(n.getLat(), n.getLon()));
                        if (!n.hasTags()) {
                            continue;
                        }
                        String place = n.getTag("place");
                        String name = n.getTag("name");
                        if (name != null && !name.isBlank() && (place != null && PLACE_KINDS.contains(place)
                                || boundaries.wantsLabel(n.getId()))) {
                            String preferred = n.getTag(localityNameTag);
                            String shown = preferred == null || preferred.isBlank() ? name.strip() : preferred.strip();
                            String alt = alt(n);
                            if (!shown.equals(name.strip())) {
                                alt = alt.isEmpty() ? name.strip() : name.strip() + ";" + alt;
                            }
                            if (place != null && PLACE_KINDS.contains(place)) {
                                places.add(new Place(shown, alt, place, n.getLat(), n.getLon()));
                            }
                            if (boundaries.wantsLabel(n.getId())) {
                                boundaries.label(n.getId(), shown, alt);
                            }
                        }
                        House h = house(n, n.getLat(), n.getLon(), "n" + n.getId());
                        if (h != null) {
                            houses.add(h);
                        }
                    }
                    case WAY -> {
                        ReaderWay w = (ReaderWay) e;
                        boolean isBoundary = boundaries.wantsWay(w.getId());
                        if (!w.hasTags() && !isBoundary) {
                            continue;
                        }
                        boolean isHouse = w.getTag("addr:housenumber") != null && w.getTag("addr:street") != null;
                        String highway = w.getTag("highway");
                        String name = w.getTag("name");
                        boolean isStreet = highway != null && name != null && !name.isBlank() && !NOT_STREETS.contains(highway);
                        if (!isHouse && !isStreet && !isBoundary) {
                            continue;
                        }
                        LongArrayList ids = w.getNodes();
                        double[] lats = new double[ids.size()];
                        double[] lons = new double[ids.size()];
                        int known = 0;
                        for (int i = 0; i < ids.size(); i++) {
                            long c = coords.getOrDefault(ids.get(i), Long.MIN_VALUE);
                            if (c != Long.MIN_VALUE) {
                                lats[known] = unpackLat(c);
                                lons[known] = unpackLon(c);
                                known++;
                            }
                        }
                        if (known == 0) {
                            continue; // a way whose nodes lie outside the extract
                        }
                        lats = java.util.Arrays.copyOf(lats, known);
                        lons = java.util.Arrays.copyOf(lons, known);
                        if (isBoundary) {
                            boundaries.way(w.getId(), lats, lons);
                        }
                        if (isHouse) {
                            int corners = known > 1 && lats[0] == lats[known - 1] && lons[0] == lons[known - 1] ? known - 1 : known;
                            double lat = 0;
                            double lon = 0;
                            for (int i = 0; i < corners; i++) {
                                lat += lats[i];
                                lon += lons[i];
                            }
                            House h = house(w, lat / corners, lon / corners, "w" + w.getId());
                            if (h != null) {
                                houses.add(h);
                            }
                        }
                        if (isStreet) {
                            streetWays.add(new StreetWay(name.strip(), alt(w), lats, lons, "w" + w.getId()));
                        }
                    }
                    default -> {
                        // relations were read in the first pass
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the OSM extract " + pbf + ": " + e.getMessage(), e);
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new IllegalStateException("Could not read the OSM extract " + pbf + ": " + e.getMessage(), e);
        }
        boundaries.assemble();
        Localities localities = new Localities(boundaries, places);

        List<AddressEntry> out = new ArrayList<>();
        int byBoundary = 0;
        Map<String, Place> placeByName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Place p : places) {
            placeByName.putIfAbsent(p.name(), p);
        }
        for (House h : houses) {
            Locality locality = localities.at(h.lat(), h.lon());
            String city = h.city() == null || h.city().isBlank() ? null : h.city().strip();
            if (city != null && !locality.byBoundary()) {
                Place named = placeByName.get(city);
                locality = new Locality(city, named != null ? named.alt() : "", false);
            } else if (city != null && !city.equals(locality.name())) {
                // the mapper's spelling ("Buggiba", "St. Julians") stays searchable; the boundary names the locality
                locality = new Locality(locality.name(), joinNames(locality.alt(), city), true);
            }
            if (locality.byBoundary()) {
                byBoundary++;
            }
            out.add(new AddressEntry(AddressEntry.Kind.HOUSE, h.street(), "", h.number(), locality.name(), locality.alt(),
                    h.lat(), h.lon(), h.osmId()));
        }
        int houseCount = out.size();
        // streets: group the ways by name and locality (the boundary holding most of the way's length, else the place
        // nearest the way's middle node)
        Map<String, List<StreetWay>> groups = new LinkedHashMap<>();
        Map<String, Locality> groupLocality = new LinkedHashMap<>();
        for (StreetWay w : streetWays) {
            Locality locality = localities.ofWay(w);
            String key = w.name() + "\u0000" + locality.name();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
            groupLocality.merge(key, locality, (a, b) -> new Locality(a.name(), joinNames(a.alt(), b.alt()),
                    a.byBoundary() || b.byBoundary()));
        }
        for (Map.Entry<String, List<StreetWay>> g : groups.entrySet()) {
            List<StreetWay> ways = g.getValue();
            double sumLat = 0;
            double sumLon = 0;
            int n = 0;
            String alt = "";
            for (StreetWay w : ways) {
                for (int i = 0; i < w.lats().length; i++) {
                    sumLat += w.lats()[i];
                    sumLon += w.lons()[i];
                    n++;
                }
                if (alt.isEmpty()) {
                    alt = w.alt();
                }
            }
            double cLat = sumLat / n;
            double cLon = sumLon / n;
            double best = Double.MAX_VALUE;
            double bLat = cLat;
            double bLon = cLon;
            String osmId = ways.getFirst().osmId();
            for (StreetWay w : ways) {
                for (int i = 0; i < w.lats().length; i++) {
                    double d = metres(cLat, cLon, w.lats()[i], w.lons()[i]);
                    if (d < best) {
                        best = d;
                        bLat = w.lats()[i];
                        bLon = w.lons()[i];
                        osmId = w.osmId();
                    }
                }
            }
            Locality locality = groupLocality.get(g.getKey());
            if (locality.byBoundary()) {
                byBoundary++;
            }
            out.add(new AddressEntry(AddressEntry.Kind.STREET, ways.getFirst().name(), alt, null,
                    locality.name(), locality.alt(), bLat, bLon, osmId));
        }
        out.sort(Comparator.comparing(AddressEntry::kind).thenComparing(AddressEntry::street)
                .thenComparing(AddressEntry::locality).thenComparing(AddressEntry::osmId));
        return new Result(sha, List.copyOf(out), houseCount, out.size() - houseCount, places.size(),
                boundaries.areas().size(), byBoundary);
    }

    /** Answers "which locality" for points and street ways once the boundaries and places are read. */
    private static final class Localities {

        private final Boundaries boundaries;
        private final List<Place> places;
        private final Map<Place, Boundaries.@Nullable Area> placeArea = new java.util.IdentityHashMap<>();

        Localities(Boundaries boundaries, List<Place> places) {
            this.boundaries = boundaries;
            this.places = places;
            for (Place p : places) {
                placeArea.put(p, boundaries.at(p.lat(), p.lon()));
            }
        }

        /**
         * The locality of a point: the boundary holding it, with the nearest place's names added to the searchable
         * names when that place lies in the same boundary under another name (a street in Buġibba is in the council
         * of St Paul's Bay, and "Buġibba" still finds it); outside every boundary the nearest place.
         */
        Locality at(double lat, double lon) {
            Boundaries.Area area = boundaries.at(lat, lon);
            if (area == null) {
                Place near = nearestPlace(places, lat, lon);
                return near == null ? Locality.NONE : new Locality(near.name(), near.alt(), false);
            }
            return in(area, lat, lon);
        }

        private Locality in(Boundaries.Area area, double lat, double lon) {
            Place near = nearestPlace(places, lat, lon);
            String alt = area.alt();
            if (near != null && !near.name().equals(area.name()) && placeArea.get(near) == area) {
                alt = joinNames(alt, joinNames(near.name(), near.alt()));
            }
            return new Locality(area.name(), alt, true);
        }

        /**
         * The locality of a street way: the boundary holding most of its length (each segment counted by its middle),
         * the nearest place to the way's middle node when most of it lies outside every boundary.
         */
        Locality ofWay(StreetWay w) {
            double[] lats = w.lats();
            double[] lons = w.lons();
            int mid = lats.length / 2;
            if (lats.length < 2 || boundaries.isEmpty()) {
                return at(lats[mid], lons[mid]);
            }
            Map<Boundaries.Area, double[]> lengths = new java.util.IdentityHashMap<>(); // length, lat, lon of a middle
            double outside = 0;
            for (int i = 1; i < lats.length; i++) {
                double length = metres(lats[i - 1], lons[i - 1], lats[i], lons[i]);
                double mLat = (lats[i - 1] + lats[i]) / 2;
                double mLon = (lons[i - 1] + lons[i]) / 2;
                Boundaries.Area a = boundaries.at(mLat, mLon);
                if (a == null) {
                    outside += length;
                } else {
                    double[] sum = lengths.computeIfAbsent(a, k -> new double[] {0, mLat, mLon});
                    sum[0] += length;
                    if (i == (lats.length + 1) / 2) {
                        sum[1] = mLat; // the segment in the way's middle stands for the way where it lies
                        sum[2] = mLon;
                    }
                }
            }
            Boundaries.Area best = null;
            double[] bestSum = null;
            for (Map.Entry<Boundaries.Area, double[]> e : lengths.entrySet()) {
                if (e.getValue()[0] > outside && (bestSum == null || e.getValue()[0] > bestSum[0])) {
                    best = e.getKey();
                    bestSum = e.getValue();
                }
            }
            if (best == null) {
                Place near = nearestPlace(places, lats[mid], lons[mid]);
                return near == null ? Locality.NONE : new Locality(near.name(), near.alt(), false);
            }
            return in(best, bestSum[1], bestSum[2]);
        }
    }

    private static String joinNames(String a, String b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<String> names = new ArrayList<>(List.of(a.split(";")));
        for (String n : b.split(";")) {
            if (!n.isEmpty() && !names.contains(n)) {
                names.add(n);
            }
        }
        return String.join(";", names);
    }

    private static @Nullable House house(ReaderElement e, double lat, double lon, String osmId) {
        String number = e.getTag("addr:housenumber");
        String street = e.getTag("addr:street");
        if (number == null || street == null || number.isBlank() || street.isBlank()) {
            return null;
        }
        return new House(street.strip(), number.strip(), e.getTag("addr:city"), lat, lon, osmId);
    }

    private static String alt(ReaderElement e) {
        List<String> names = new ArrayList<>();
        String name = e.getTag("name");
        for (String tag : ALT_NAME_TAGS) {
            String v = e.getTag(tag);
            if (v != null && !v.isBlank() && !v.strip().equals(name) && !names.contains(v.strip())) {
                names.add(v.strip());
            }
        }
        return String.join(";", names);
    }

    private static @Nullable Place nearestPlace(List<Place> places, double lat, double lon) {
        Place best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Place p : places) {
            double d = metres(lat, lon, p.lat(), p.lon());
            if ("suburb".equals(p.kind()) && d > SUBURB_REACH_METRES) {
                continue;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = p;
            }
        }
        return best;
    }

    /** Equirectangular distance: exact enough to compare neighbours within a city. */
    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double x = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        double y = Math.toRadians(lat2 - lat1);
        return Math.sqrt(x * x + y * y) * 6_371_000;
    }

    private static long pack(double lat, double lon) {
        long la = Math.round(lat * 1e7);
        long lo = Math.round(lon * 1e7);
        return (la << 32) | (lo & 0xffffffffL);
    }

    private static double unpackLat(long packed) {
        return (int) (packed >> 32) / 1e7;
    }

    private static double unpackLon(long packed) {
        return (int) packed / 1e7;
    }

    /** The extract's SHA-256 (hex): the import is keyed by it. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

}
