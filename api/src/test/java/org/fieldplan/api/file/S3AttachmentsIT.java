package org.fieldplan.api.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service with {@code fieldplan.files.store=s3} against a local server that checks the S3 REST calls as AWS
 * documents them ({@link FakeS3}): a photo and its thumbnail become signed objects and download unchanged; a refused
 * upload (a PDF named .jpg) sends nothing to the store and leaves no staging file; a deleted request's objects are
 * removed by the sweeper.
 */
@ApiIntegrationTest
class S3AttachmentsIT {

    static final FakeS3 S3;
    static final AtomicInteger REGION = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        try {
            S3 = new FakeS3("fieldplan-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        registry.add("fieldplan.files.store", () -> "s3");
        registry.add("fieldplan.files.s3.endpoint", S3::endpoint);
        registry.add("fieldplan.files.s3.bucket", () -> S3.bucket);
        registry.add("fieldplan.files.s3.prefix", () -> "files/");
        registry.add("fieldplan.files.s3.region", () -> FakeS3.REGION);
        registry.add("fieldplan.files.s3.access-key", () -> FakeS3.ACCESS_KEY);
        registry.add("fieldplan.files.s3.secret-key", () -> FakeS3.SECRET);
        registry.add("fieldplan.files.local-path", () -> "target/it-files-s3");
    }

    @AfterAll
    static void stop() {
        S3.close();
    }

    @Autowired TestHttp http;
    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;
    @Autowired FileStore store;
    @Autowired FileSweeper sweeper;
    @Autowired FileProperties properties;
    @Value("${local.server.port}") int port;

    record Reply(int status, byte[] body) {
        JsonNode json() {
            return JSON.readTree(new String(body, StandardCharsets.UTF_8));
        }
    }

    Reply send(Login who, String method, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", who.basic())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.body());
    }

    @Test
    void photosGoToTheS3StoreSignedRefusedUploadsSendNothingAndADeletedRequestsObjectsAreSwept() throws Exception {
        assertThat(store).isInstanceOf(S3FileStore.class);
        double lon0 = 40.0 + REGION.getAndIncrement() * 1.5; // open Indian Ocean at latitude -20
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("s3-files", lon0, -20.0, 1.0, dispatcher.userId());
        long service = fixtures.serviceType("s3");
        Login customer = fixtures.customer();
        var created = http.authorization(customer.basic()).post("/api/requests", """
                {"address": {"line": "9 Bucket Street", "lat": -19.5, "lon": %s}, "services": [{"serviceTypeId": %d}],
                 "source": "phone", "deadline": "%s"}
                """.formatted(lon0 + 0.5, service, OffsetDateTime.now(ZoneOffset.UTC).plusDays(5).withNano(0)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("id").asLong();

        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(800, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] photo = png.toByteArray();
        int objectsBefore = S3.objects.size();
        Reply up = send(customer, "POST", "/api/requests/" + id + "/files?name=meter.png", photo);
        assertThat(up.status()).as(new String(up.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        assertThat(S3.refusals).isEmpty();
        assertThat(S3.objects).hasSize(objectsBefore + 2); // the photo and its thumbnail
        assertThat(S3.objects.values()).anySatisfy(bytes -> assertThat(bytes).isEqualTo(photo));
        Reply down = send(customer, "GET", up.json().path("download").asString(), new byte[0]);
        assertThat(down.status()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(photo);

        // refused: a PDF named .jpg; nothing reaches the store, no staging file stays
        int calls = S3.calls.size();
        Reply refused = send(customer, "POST", "/api/requests/" + id + "/files?name=photo.jpg",
                "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(refused.status()).isEqualTo(415);
        assertThat(S3.calls).hasSize(calls);
        try (var staging = Files.list(properties.localRoot().resolve(".staging"))) {
            assertThat(staging).isEmpty();
        }

        // the request deleted: its objects are swept from the store
        db.deleteFrom(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(id)).execute();
        sweeper.sweep();
        assertThat(S3.objects).hasSize(objectsBefore);
        assertThat(S3.calls.stream().filter(c -> c.startsWith("DELETE /fieldplan-it/files/")).count()).isEqualTo(2);
    }
}
