package org.fieldplan.geo.road;

import java.nio.file.Path;

/**
 * What opening a road network did and what it holds.
 *
 * @param extract          the OSM extract
 * @param extractSha256    its checksum (part of the cache key)
 * @param graphHopper      the GraphHopper version (part of the cache key)
 * @param cacheDirectory   the graph's directory in the cache
 * @param imported         true when the graph was imported now, false when it came from the cache
 * @param importSeconds    time spent importing and preparing CH (0 when loaded from the cache)
 * @param loadSeconds      time spent loading the graph from the cache and building the matrix index
 * @param cacheBytes       size of the graph's cache directory
 * @param nodes            road-graph nodes
 * @param edges            road-graph edges
 * @param shortcuts        CH shortcuts
 */
public record RoadNetworkInfo(Path extract, String extractSha256, String graphHopper, Path cacheDirectory,
                              boolean imported, double importSeconds, double loadSeconds, long cacheBytes,
                              int nodes, int edges, int shortcuts) {
}
