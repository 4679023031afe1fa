package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real OSM extracts in the shared data directory (never copied into the project). */
final class Extracts {

    static final String ANDORRA = "andorra-2013-05-28.osm.pbf";
    static final String MONACO = "monaco-2016-03-05.osm.pbf";
    static final String MALTA = "malta-2018-08-27.osm.pbf";

    private Extracts() {
    }

    static Path path(String name) {
        String dir = System.getProperty("fieldplan.data.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv().getOrDefault("FIELDPLAN_DATA_DIR", "../shared/data");
        }
        Path file = Path.of(dir, "osm", name);
        assertThat(file).as("OSM extract (set fieldplan.data.dir or FIELDPLAN_DATA_DIR)").isRegularFile();
        return file;
    }

    /** Settings for an extract with the cache the build configures (fieldplan.graph.cache). */
    static RoadNetworkSettings settings(String name) {
        return RoadNetworkSettings.of(path(name));
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
