package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph cache: imported once per GraphHopper version, extract checksum and profile; loaded after that. */
class RoadNetworkCacheIT {

    @Test
    void importsOnceThenLoadsAndAnotherExtractGetsItsOwnGraph(@TempDir Path cache) throws IOException {
        List<String> progress = new ArrayList<>();
        RoadNetworkSettings andorra = Extracts.settings(Extracts.ANDORRA).withCacheRoot(cache);

        RoadNetworkInfo first;
        try (RoadNetwork network = RoadNetwork.open(andorra, progress::add)) {
            first = network.info();
        }
        assertThat(first.imported()).isTrue();
        assertThat(first.extractSha256()).isEqualTo("70998b72b5eed4b6a8565837b3d72c3b592c4dc4f1a7d5e964367d20508f188b");
        assertThat(first.cacheDirectory().getFileName().toString())
                .isEqualTo("graphhopper-" + first.graphHopper() + "-car-" + first.extractSha256());
        assertThat(first.cacheBytes()).isGreaterThan(100_000);
        assertThat(progress.getFirst()).startsWith("importing andorra-2013-05-28.osm.pbf");
        assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("imported andorra-2013-05-28.osm.pbf in "));
        try (var entries = Files.list(cache)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList())
                    .as("no scratch directory left behind").containsExactly(first.cacheDirectory().getFileName().toString());
        }

        try (RoadNetwork again = RoadNetwork.open(andorra, progress::add)) {
            assertThat(again.info().imported()).isFalse();
            assertThat(again.info().cacheDirectory()).isEqualTo(first.cacheDirectory());
            assertThat(again.info().nodes()).isEqualTo(first.nodes());
            assertThat(again.info().shortcuts()).isEqualTo(first.shortcuts());
        }

        try (RoadNetwork monaco = RoadNetwork.open(Extracts.settings(Extracts.MONACO).withCacheRoot(cache), progress::add)) {
            assertThat(monaco.info().imported()).isTrue();
            assertThat(monaco.info().cacheDirectory()).isNotEqualTo(first.cacheDirectory());
            assertThat(monaco.info().nodes()).isNotEqualTo(first.nodes());
        }
    }

    @Test
    void aMissingExtractIsNamed(@TempDir Path cache) {
        Path missing = cache.resolve("nowhere.osm.pbf");
        assertThatThrownBy(() -> RoadNetwork.open(RoadNetworkSettings.of(missing).withCacheRoot(cache), line -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The OSM extract (" + missing + ") does not exist");
    }

    @Test
    void settingsRejectNonsense() {
        Path extract = Path.of("x.osm.pbf");
        assertThatThrownBy(() -> new RoadNetworkSettings(extract, Path.of("c"), "bike", 300))
                .hasMessage("The routing profile (bike) is unknown; use \"car\".");
        assertThatThrownBy(() -> RoadNetworkSettings.of(extract).withSnapLimitMetres(-5))
                .hasMessage("The snap limit (-5.0 m) must be a positive number of metres, e.g. 300.0.");
    }
}
