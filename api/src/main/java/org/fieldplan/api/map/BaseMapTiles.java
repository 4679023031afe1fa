package org.fieldplan.api.map;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.fieldplan.geo.tile.BaseMap;
import org.fieldplan.geo.tile.BaseMapSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The service's own base map: vector tiles and label glyphs built from the road map's extract (geo-data's {@link
 * BaseMap}), started when the application is ready so that a first build (about a minute for Malta on two cores)
 * does not hold up start-up; a request that comes before it is done waits for it. Without an extract, or with
 * {@code fieldplan.map.tile-url} pointing elsewhere, there is none and the style names the other source.
 */
@Component
public class BaseMapTiles {

    private static final Logger LOG = LoggerFactory.getLogger(BaseMapTiles.class);

    private final RoadMap roadMap;
    private final MapProperties properties;
    private volatile @Nullable CompletableFuture<BaseMap> opening;
    private final CompletableFuture<Integer> precut = new CompletableFuture<>();

    public BaseMapTiles(RoadMap roadMap, MapProperties properties) {
        this.roadMap = roadMap;
        this.properties = properties;
    }

    /** True when this service serves tiles itself (an extract and no other tile source configured). */
    public boolean own() {
        return properties.tileUrl().isBlank() && roadMap.extract() != null;
    }

    @EventListener(ApplicationReadyEvent.class)
    void buildInBackground() {
        if (own()) {
            start();
        }
    }

    /** The base map; builds or loads it on first use (blocking until it is ready). */
    public BaseMap map() {
        try {
            return start().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the base map was being built", e);
        } catch (ExecutionException e) {
            opening = null;                                     // the next request tries again
            throw new IllegalStateException("The base map could not be built: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Completes (with the number of tiles) when the tiles below the built zoom have been cut ahead. */
    public CompletableFuture<Integer> precut() {
        return precut;
    }

    /** The base map when it is built and loaded, else null (never waits: for pages that can do without streets). */
    public @Nullable BaseMap mapIfReady() {
        CompletableFuture<BaseMap> current = opening;
        return current != null && current.isDone() && !current.isCompletedExceptionally() ? current.join() : null;
    }

    private synchronized CompletableFuture<BaseMap> start() {
        CompletableFuture<BaseMap> current = opening;
        if (current != null) {
            return current;
        }
        Path extract = roadMap.extract();
        if (extract == null || !properties.tileUrl().isBlank()) {
            throw new IllegalStateException("This service has no base map of its own (no extract, or "
                    + "fieldplan.map.tile-url names another tile source).");
        }
        BaseMapSettings settings = new BaseMapSettings(extract,
                properties.tileCache().isBlank() ? roadMap.cacheRoot() : Path.of(properties.tileCache()),
                BaseMapSettings.dejaVu(Path.of(properties.fontDir())), properties.tileMaxZoom(),
                BaseMapSettings.defaultBuilder());
        current = CompletableFuture.supplyAsync(() -> BaseMap.open(settings, line -> LOG.info("base map: {}", line)),
                runnable -> Thread.ofPlatform().name("base-map").daemon().start(runnable));
        // then the zooms the browser and the benchmark ask beyond the built one, cut ahead (the sea's on request)
        current.thenAcceptAsync(map -> {
            long start = System.nanoTime();
            try {
                int cut = map.precut(16);
                LOG.info("base map: {} tiles of zoom {}-16 cut ahead in {} ms", cut, map.maxZoom() + 1,
                        (System.nanoTime() - start) / 1_000_000);
                precut.complete(cut);
            } catch (RuntimeException e) {
                LOG.warn("base map: cutting the deeper zooms ahead failed; they are cut on request", e);
                precut.completeExceptionally(e);
            }
        }, runnable -> Thread.ofPlatform().name("base-map-precut").daemon().priority(Thread.MIN_PRIORITY).start(runnable));
        opening = current;
        return current;
    }
}
