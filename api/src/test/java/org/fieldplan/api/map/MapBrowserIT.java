package org.fieldplan.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The street map in headless Chromium: MapLibre from the app, our style, tiles and glyphs; streets drawn and named. */
@ApiIntegrationTest
class MapBrowserIT {

    @Value("${local.server.port}")
    int port;

    @Test
    void vallettaShowsItsStreetsWithNamesAndTheOsmAttribution() {
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.timeout(java.time.Duration.ofSeconds(120));   // a first run builds the base map (about a minute)
            browser.go("/map?lat=35.8977&lon=14.5127&zoom=16");
            browser.waitUntil("the map to load its tiles", "window.fieldplanMap && fieldplanMap.map.loaded()"
                    + " && fieldplanMap.map.areTilesLoaded() && fieldplanMap.map.queryRenderedFeatures({layers: ['road']}).length > 0");
            browser.timeout(java.time.Duration.ofSeconds(20));
            int roads = browser.eval("fieldplanMap.map.queryRenderedFeatures({layers: ['road']}).length").asInt();
            assertThat(roads).isGreaterThan(10);
            int buildings = browser.eval("fieldplanMap.map.queryRenderedFeatures({layers: ['buildings']}).length").asInt();
            assertThat(buildings).isGreaterThan(10);
            browser.waitUntil("street names to be placed",
                    "fieldplanMap.map.queryRenderedFeatures({layers: ['road-label']}).length > 0");
            String names = browser.eval("fieldplanMap.map.queryRenderedFeatures({layers: ['road-label']})"
                    + ".map(f => f.properties.name).join('|')").asText();
            assertThat(names).contains("Triq Ir-Repubblika");
            assertThat(browser.text(".maplibregl-ctrl-attrib")).contains("OpenStreetMap");
            assertThat(browser.consoleErrors()).isEmpty();
            browser.screenshot("map-valletta");
        }
    }
}
