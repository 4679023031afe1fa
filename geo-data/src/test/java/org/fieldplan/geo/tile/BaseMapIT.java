package org.fieldplan.geo.tile;

import static org.assertj.core.api.Assertions.assertThat;

import com.onthegomap.planetiler.VectorTile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.fieldplan.geo.road.RoadNetwork;
import org.fieldplan.geo.road.RoadNetworkSettings;
import org.fieldplan.geo.road.StreetPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real build of Malta's base map, checked against the street names GraphHopper reads from the same extract. */
class BaseMapIT {

    static BaseMap map;

    @BeforeAll
    static void open() {
        map = BaseMap.open(BaseMapSettings.of(malta()), System.out::println);
    }

    static Path malta() {
        String dir = System.getProperty("fieldplan.data.dir", "../shared/data");
        return Path.of(dir, "osm", "malta-2018-08-27.osm.pbf");
    }

    @Test
    void namedStreetsOfTheRoadNetworkAreInTheTileUnderThem() {
        List<StreetPoint> streets;
        try (RoadNetwork network = RoadNetwork.open(RoadNetworkSettings.of(malta()), line -> { })) {
            streets = new ArrayList<>(network.streets());
        }
        streets.sort(Comparator.comparing(StreetPoint::name).thenComparing(StreetPoint::lat));
        long seed = Long.getLong("fieldplan.test.seed", 14);
        java.util.Collections.shuffle(streets, new Random(seed));
        List<String> missing = new ArrayList<>();
        List<StreetPoint> sample = streets.subList(0, 60);
        for (StreetPoint street : sample) {
            int z = 14;
            int x = tileX(street.lon(), z);
            int y = tileY(street.lat(), z);
            if (!roadNames(map.tile(z, x, y)).contains(street.name())) {
                missing.add(street + " in " + z + "/" + x + "/" + y);
            }
        }
        assertThat(missing).as("streets not in their tile (seed %d)", seed).hasSizeLessThanOrEqualTo(sample.size() / 20);
    }

    @Test
    void vallettaHasRepublicStreetAtZoom14AndCutAtZoom16() {
        double lat = 35.8977, lon = 14.5127;          // Triq Ir-Repubblika (Republic Street), Valletta
        assertThat(roadNames(map.tile(14, tileX(lon, 14), tileY(lat, 14)))).contains("Triq Ir-Repubblika");
        byte[] deep = map.tile(16, tileX(lon, 16), tileY(lat, 16));
        assertThat(roadNames(deep)).contains("Triq Ir-Repubblika");
        assertThat(layers(deep)).contains("buildings");
    }

    @Test
    void theIslandsAreLandAndTheSeaIsEmpty() {
        assertThat(layers(map.tile(10, tileX(14.45, 10), tileY(35.9, 10)))).contains("land", "roads", "places");
        assertThat(map.tile(14, tileX(14.0, 14), tileY(35.5, 14))).isNull();          // open sea
        assertThat(map.tile(20, 0, 0)).isNull();
        assertThat(map.tile(3, 9, 0)).isNull();                                           // x outside the zoom's grid
    }

    @Test
    void glyphsOfLatinAndCyrillicAreGenerated() {
        assertThat(map.fontStacks()).contains("DejaVu Sans", "DejaVu Sans Bold");
        assertThat(map.glyphs("DejaVu Sans", 0).length).isGreaterThan(20_000);
        assertThat(map.glyphs("DejaVu Sans", 1024).length).isGreaterThan(20_000);
        assertThat(map.glyphs("DejaVu Sans", 65280).length).isLessThan(40);              // not generated: empty stack
    }

    static List<String> roadNames(byte[] tile) {
        assertThat(tile).as("tile").isNotNull();
        return VectorTile.decode(BaseMap.gunzip(tile)).stream()
                .filter(f -> f.layer().equals("roads"))
                .map(f -> String.valueOf(f.tags().get("name")))
                .distinct().toList();
    }

    static List<String> layers(byte[] tile) {
        assertThat(tile).as("tile").isNotNull();
        return VectorTile.decode(BaseMap.gunzip(tile)).stream().map(VectorTile.Feature::layer).distinct().toList();
    }

    static int tileX(double lon, int z) {
        return (int) Math.floor((lon + 180) / 360 * (1 << z));
    }

    static int tileY(double lat, int z) {
        double r = Math.toRadians(lat);
        return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
    }
}
