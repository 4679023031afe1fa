package org.fieldplan.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.onthegomap.planetiler.VectorTile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.geo.tile.BaseMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The base map as the browser gets it, anonymously, from a real build on Malta: the style names our tiles and
 * glyphs; a tile over Valletta decodes and holds Republic Street; the sea is 204; a tile that cannot exist is 400.
 */
@ApiIntegrationTest
class MapTilesIT {

    @Value("${local.server.port}")
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theStyleNamesTheServicesOwnTilesAndGlyphsAndOsm() throws Exception {
        HttpResponse<byte[]> style = get("/api/public/map/style.json");
        assertThat(style.statusCode()).isEqualTo(200);
        String json = new String(style.body());
        assertThat(json).contains("http://127.0.0.1:" + port + "/api/public/map/tiles/{z}/{x}/{y}.pbf")
                .contains("/api/public/map/glyphs/{fontstack}/{range}.pbf")
                .contains("OpenStreetMap</a> contributors")
                .doesNotContain("{{");
    }

    @Test
    void aTileOverVallettaHoldsRepublicStreet() throws Exception {
        HttpResponse<byte[]> tile = get("/api/public/map/tiles/14/8852/6439.pbf");
        assertThat(tile.statusCode()).isEqualTo(200);
        assertThat(tile.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(tile.headers().firstValue("Cache-Control").orElse("")).contains("max-age=86400").contains("public");
        List<VectorTile.Feature> features = VectorTile.decode(BaseMap.gunzip(tile.body()));
        assertThat(features).anySatisfy(f -> {
            assertThat(f.layer()).isEqualTo("roads");
            assertThat(f.tags()).containsEntry("name", "Triq Ir-Repubblika");
        });
        assertThat(features).extracting(VectorTile.Feature::layer).contains("buildings", "water", "land");

        String etag = tile.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/api/public/map/tiles/14/8852/6439.pbf", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    /**
     * Tiles and glyphs go through a light chain of their own (SecurityConfig.mapReads): no session, no CSRF cookie, no
     * HTTP Basic; the answer keeps its public day-long cache and ETag. The main chain would answer a wrong password with
     * 401 and set an XSRF-TOKEN cookie on an anonymous GET.
     */
    @Test
    void tilesAndGlyphsAreServedWithoutSessionCookiesOrSignInButWithCacheHeaders() throws Exception {
        HttpResponse<byte[]> tile = get("/api/public/map/tiles/14/8852/6439.pbf",
                "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("nobody:wrong".getBytes()));
        assertThat(tile.statusCode()).isEqualTo(200);
        assertThat(tile.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(tile.headers().firstValue("Cache-Control").orElse(""))
                .contains("max-age=86400").contains("public").doesNotContain("no-store").doesNotContain("no-cache");
        assertThat(tile.headers().firstValue("Pragma")).isEmpty();
        assertThat(tile.headers().firstValue("ETag")).isPresent();

        HttpResponse<byte[]> glyphs = get("/api/public/map/glyphs/DejaVu%20Sans/0-255.pbf");
        assertThat(glyphs.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(glyphs.headers().firstValue("Cache-Control").orElse("")).contains("max-age=86400").contains("public");
        String etag = glyphs.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/api/public/map/glyphs/DejaVu%20Sans/0-255.pbf", "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> style = get("/api/public/map/style.json");
        assertThat(style.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(style.headers().firstValue("Cache-Control").orElse("")).contains("public");

        // a bad tile still answers problem+json through the light chain, and the security headers are still written
        HttpResponse<byte[]> bad = get("/api/public/map/tiles/30/1/1.pbf");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(bad.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        // the main chain reads the same wrong password and refuses it: the check above can tell the chains apart
        assertThat(get("/v3/api-docs", "Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("nobody:wrong".getBytes())).statusCode()).isEqualTo(401);
    }

    @Test
    void theSeaIsEmptyAndImpossibleTilesAreRefused() throws Exception {
        assertThat(get("/api/public/map/tiles/14/8800/6500.pbf").statusCode()).isEqualTo(204);
        assertThat(get("/api/public/map/tiles/3/9/1.pbf").statusCode()).isEqualTo(400);
        assertThat(get("/api/public/map/tiles/30/1/1.pbf").statusCode()).isEqualTo(400);
        assertThat(get("/api/public/map/tiles/-1/0/0.pbf").statusCode()).isEqualTo(400);
        assertThat(get("/api/public/map/tiles/a/b/c.pbf").statusCode()).isEqualTo(400);
    }

    @Test
    void glyphsAreServedForTheStyleFontsAndRangesAreChecked() throws Exception {
        HttpResponse<byte[]> glyphs = get("/api/public/map/glyphs/DejaVu%20Sans/0-255.pbf");
        assertThat(glyphs.statusCode()).isEqualTo(200);
        assertThat(glyphs.body().length).isGreaterThan(20_000);
        assertThat(get("/api/public/map/glyphs/DejaVu%20Sans%20Bold,Arial/1024-1279.pbf").body().length).isGreaterThan(20_000);
        assertThat(get("/api/public/map/glyphs/DejaVu%20Sans/0-100.pbf").statusCode()).isEqualTo(400);
        assertThat(get("/api/public/map/glyphs/DejaVu%20Sans/x.pbf").statusCode()).isEqualTo(400);
    }

    @Test
    void mapLibreAndTheMapModuleAreServedFromTheApp() throws Exception {
        assertThat(get("/vendor/maplibre-gl/maplibre-gl.js").statusCode()).isEqualTo(200);
        assertThat(get("/map/fieldplan-map.js").statusCode()).isEqualTo(200);
    }
}
