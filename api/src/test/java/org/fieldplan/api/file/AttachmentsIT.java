package org.fieldplan.api.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Files of a request: type from the content, limits per type (413) and types refused (415) leaving nothing behind,
 * private files hidden from the customer, thumbnails, RFC 6266 downloads, and a deleted request's files swept away.
 */
@ApiIntegrationTest
class AttachmentsIT {

    static final AtomicInteger REGION = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;
    @Autowired
    FileStore store;
    @Autowired
    FileSweeper sweeper;
    @Autowired
    FileProperties properties;
    @Value("${local.server.port}")
    int port;

    record Upload(int status, String body, java.net.http.HttpHeaders headers, byte[] bytes) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Upload send(Login who, String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", who.basic()).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Upload(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers(), r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] png(int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLUE);
        g.drawString("meter 00123", 10, 20);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    long stagingFiles() throws IOException {
        try (var files = Files.list(properties.localRoot().resolve(".staging"))) {
            return files.count();
        }
    }

    @Test
    void filesAreCheckedByContentStoredWithChecksumsShownByTheRequestsRulesAndSweptWithTheRequest() throws Exception {
        double lon0 = -40.0 + REGION.getAndIncrement() * 1.5;
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        long zone = fixtures.squareZone("files", lon0, 22.0, 1.0, dispatcher.userId());
        long service = fixtures.serviceType("files");
        Login customer = fixtures.customer();
        Login technician = fixtures.technician();
        var created = http.authorization(customer.basic()).post("/api/requests", """
                {"address": {"line": "3 File Street", "lat": 22.5, "lon": %s}, "services": [{"serviceTypeId": %d}],
                 "source": "phone", "deadline": "%s"}
                """.formatted(lon0 + 0.5, service, OffsetDateTime.now(ZoneOffset.UTC).plusDays(5).withNano(0)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(zone).isPositive();
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.TECHNICIAN_ID, technician.technicianId()).where(SERVICE_REQUEST.ID.eq(id)).execute();
        List<String> keysBefore = store.keys();

        // a photo from the customer: stored with its checksum and a thumbnail, downloaded under its UTF-8 name
        byte[] photo = png(1200, 800);
        String name = "счётчик 1.png";
        Upload up = send(customer, "POST", "/api/requests/" + id + "/files?name=" + enc(name), photo);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        assertThat(up.json().path("mediaType").asString()).isEqualTo("image/png");
        assertThat(up.json().path("sha256").asString()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo)));
        assertThat(up.json().path("visibility").asString()).isEqualTo("public");
        Upload down = send(customer, "GET", up.json().path("download").asString(), new byte[0]);
        assertThat(down.status()).isEqualTo(200);
        assertThat(down.bytes()).isEqualTo(photo);
        assertThat(down.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("inline; filename=\"_______ 1.png\"; filename*=UTF-8''%D1%81%D1%87%D1%91%D1%82%D1%87%D0%B8%D0%BA%201.png");
        Upload thumb = send(customer, "GET", up.json().path("thumbnail").asString(), new byte[0]);
        assertThat(thumb.status()).isEqualTo(200);
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.bytes()));
        assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(Thumbnails.SIZE);

        // a PDF named like a photo, a text file, a private file from the customer: refused, nothing kept
        byte[] pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        Upload liar = send(customer, "POST", "/api/requests/" + id + "/files?name=photo.jpg", pdf);
        assertThat(liar.status()).as(liar.body()).isEqualTo(415);
        assertThat(liar.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(liar.json().path("detail").asString()).contains("'photo.jpg'", "application/pdf", "image/jpeg");
        assertThat(send(customer, "POST", "/api/requests/" + id + "/files?name=notes.txt", "hello".getBytes()).status()).isEqualTo(415);
        assertThat(send(customer, "POST", "/api/requests/" + id + "/files?name=photo.jpg&lang=ru", pdf).json().path("detail").asString())
                .contains("по содержимому", "application/pdf");
        assertThat(send(customer, "POST", "/api/requests/" + id + "/files?name=a.png&visibility=private", photo).status()).isEqualTo(403);
        assertThat(send(customer, "POST", "/api/requests/" + id + "/files", photo).json().path("errors").get(0).path("field").asString()).isEqualTo("name");

        // a picture over the image limit while it streams (no length announced ahead): 413, nothing kept
        byte[] big = new byte[(int) properties.maxImage().toBytes() + 1024];
        System.arraycopy(photo, 0, big, 0, photo.length);
        Upload tooBig = send(customer, "POST", "/api/requests/" + id + "/files?name=big.png", big);
        assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(413);
        assertThat(tooBig.json().path("limitBytes").asLong()).isEqualTo(properties.maxImage().toBytes());

        // 2 GB announced: refused from the header before a byte is read
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/requests/" + id + "/files?name=huge.mp4 HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + customer.basic() + "\r\nContent-Type: video/mp4\r\nContent-Length: 2147483648\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[4096]);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
        assertThat(stagingFiles()).as("no staging file left").isZero();
        assertThat(store.keys()).hasSize(keysBefore.size() + 2); // the photo and its thumbnail only

        // a private photo from the technician: staff see it, the customer does not
        Upload privatePhoto = send(technician, "POST", "/api/requests/" + id + "/files?name=meter-seal.png&visibility=private", png(64, 64));
        assertThat(privatePhoto.status()).as(privatePhoto.body()).isEqualTo(201);
        assertThat(send(customer, "GET", "/api/requests/" + id + "/files", new byte[0]).json()).hasSize(1);
        assertThat(send(dispatcher, "GET", "/api/requests/" + id + "/files", new byte[0]).json()).hasSize(2);
        assertThat(send(customer, "GET", privatePhoto.json().path("download").asString(), new byte[0]).status()).isEqualTo(404);
        Login other = fixtures.customer();
        assertThat(send(other, "GET", "/api/requests/" + id + "/files", new byte[0]).status()).isEqualTo(404);
        assertThat(send(other, "GET", up.json().path("download").asString(), new byte[0]).status()).isEqualTo(404);

        // the request is deleted: its rows cascade, the sweeper removes the objects
        assertThat(store.keys()).hasSize(keysBefore.size() + 4);
        db.deleteFrom(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(id)).execute();
        sweeper.sweep();
        assertThat(store.keys()).containsExactlyInAnyOrderElementsOf(keysBefore);
    }
}
