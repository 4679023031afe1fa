package org.fieldplan.geo.address;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongLongHashMap;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderWay;
import com.graphhopper.reader.osm.OSMInputFile;
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
 * Reads the address index's entries from an {@code .osm.pbf} extract in one pass (GraphHopper's PBF reader; nodes
 * come before ways in a PBF file, so every way's node positions are known when the way is read).
 * <ul>
 *   <li>a <b>house</b> for every node or way with {@code addr:housenumber} and {@code addr:street} (a way's position
 *       is the average of its outline's corners);</li>
 *   <li>a <b>street</b> for every named {@code highway} way, merged per name and locality: the entry's point is the
 *       node of those ways nearest their common centre, so it lies on the street;</li>
 *   <li>the <b>locality</b>: {@code addr:city} of a house when given, else the nearest {@code place} node of kind
 *       city, town, village or suburb (a suburb counts only within 1.5 km, so a big town's suburb does not swallow
 *       the neighbouring village).</li>
 * </ul>
 * Node positions are held as packed 1e-7 degree integers in one primitive map (16 bytes a node): a city or small
 * country extract (Malta: about 400,000 nodes) needs a few megabytes.
 */
public final class AddressExtract {

    /** What was read: the extract's SHA-256, the entries, and counts for the log. */
    public record Result(String sha256, List<AddressEntry> entries, int houses, int streets, int places) {}

    private static final Set<String> PLACE_KINDS = Set.of("city", "town", "village", "suburb");
    private static final Set<String> NOT_STREETS = Set.of("bus_stop", "platform", "elevator", "proposed", "construction",
            "street_lamp", "crossing", "traffic_signals");
    private static final List<String> ALT_NAME_TAGS = List.of("name:en", "name:mt", "name:ru", "alt_name", "old_name");
    private static final double SUBURB_REACH_METRES = 1500;

    private record Place(String name, String alt, String kind, double lat, double lon) {}

    private record House(String street, String number, @Nullable String city, double lat, double lon, String osmId) {}

    private record StreetWay(String name, String alt, double[] lats, double[] lons, String osmId) {}

    private AddressExtract() {}

    /** Reads {@code pbf}, naming localities by their {@code name} tag. */
    public static Result read(Path pbf) {
        return read(pbf, "name");
    }

    /**
     * Reads {@code pbf}; localities are named by {@code localityNameTag} when a place has it (e.g. {@code name:en}:
     * "Mosta" where {@code name} is "Il-Mosta"), else by {@code name}; the other names are kept for searching.
     */
    public static Result read(Path pbf, String localityNameTag) {
        String sha = sha256(pbf);
        LongLongHashMap coords = new LongLongHashMap(1 << 16);
        List<Place> places = new ArrayList<>();
        List<House> houses = new ArrayList<>();
        List<StreetWay> streetWays = new ArrayList<>();
        try (OSMInputFile in = new OSMInputFile(pbf.toFile()).setWorkerThreads(1).open()) {
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
                        if (place != null && name != null && PLACE_KINDS.contains(place)) {
                            String preferred = n.getTag(localityNameTag);
                            String shown = preferred == null || preferred.isBlank() ? name.strip() : preferred.strip();
                            String alt = alt(n);
                            if (!shown.equals(name.strip())) {
                                alt = alt.isEmpty() ? name.strip() : name.strip() + ";" + alt;
                            }
                            places.add(new Place(shown, alt, place, n.getLat(), n.getLon()));
                        }
                        House h = house(n, n.getLat(), n.getLon(), "n" + n.getId());
                        if (h != null) {
                            houses.add(h);
                        }
                    }
                    case WAY -> {
                        ReaderWay w = (ReaderWay) e;
                        if (!w.hasTags()) {
                            continue;
                        }
                        boolean isHouse = w.getTag("addr:housenumber") != null && w.getTag("addr:street") != null;
                        String highway = w.getTag("highway");
                        String name = w.getTag("name");
                        boolean isStreet = highway != null && name != null && !name.isBlank() && !NOT_STREETS.contains(highway);
                        if (!isHouse && !isStreet) {
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
                        // relations: administrative boundaries are not assembled yet (the nearest place decides)
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the OSM extract " + pbf + ": " + e.getMessage(), e);
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new IllegalStateException("Could not read the OSM extract " + pbf + ": " + e.getMessage(), e);
        }

        List<AddressEntry> out = new ArrayList<>();
        Map<String, Place> placeByName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Place p : places) {
            placeByName.putIfAbsent(p.name(), p);
        }
        for (House h : houses) {
            Place near = nearestPlace(places, h.lat(), h.lon());
            String locality = h.city() != null && !h.city().isBlank() ? h.city().strip() : near == null ? "" : near.name();
            Place named = placeByName.get(locality);
            String localityAlt = named != null ? named.alt() : "";
            out.add(new AddressEntry(AddressEntry.Kind.HOUSE, h.street(), "", h.number(), locality, localityAlt,
                    h.lat(), h.lon(), h.osmId()));
        }
        int houseCount = out.size();
        // streets: group the ways by name and locality (of the way's middle node)
        Map<String, List<StreetWay>> groups = new LinkedHashMap<>();
        Map<String, Place> groupPlace = new LinkedHashMap<>();
        for (StreetWay w : streetWays) {
            int mid = w.lats().length / 2;
            Place near = nearestPlace(places, w.lats()[mid], w.lons()[mid]);
            String key = w.name() + "\u0000" + (near == null ? "" : near.name());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
            if (near != null) {
                groupPlace.put(key, near);
            }
        }
        groups.forEach((key, ways) -> {
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
            Place p = groupPlace.get(key);
            out.add(new AddressEntry(AddressEntry.Kind.STREET, ways.getFirst().name(), alt, null,
                    p == null ? "" : p.name(), p == null ? "" : p.alt(), bLat, bLon, osmId));
        });
        out.sort(Comparator.comparing(AddressEntry::kind).thenComparing(AddressEntry::street)
                .thenComparing(AddressEntry::locality).thenComparing(AddressEntry::osmId));
        return new Result(sha, List.copyOf(out), houseCount, out.size() - houseCount, places.size());
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
