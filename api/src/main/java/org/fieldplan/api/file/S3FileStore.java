package org.fieldplan.api.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * An S3-compatible object store as the file store ({@code fieldplan.files.store=s3}): objects
 * {@code <bucket>/<prefix><key>} at the endpoint, path-style (AWS S3, MinIO, Ceph RGW, Garage, ...), each request signed
 * with AWS Signature Version 4 ({@link S3Signer}) over the JDK's HTTP client. An upload is staged in a local file first
 * (checked, hashed, typed) and sent in one PUT with its SHA-256 signed as {@code x-amz-content-sha256}, so the store
 * verifies the bytes and a broken transfer stores nothing; the staging file is removed either way.
 */
final class S3FileStore implements FileStore {

    private final URI endpoint;
    private final String bucket;
    private final String prefix;
    private final S3Signer signer;
    private final Path staging;
    private final Clock clock;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    S3FileStore(URI endpoint, String bucket, String prefix, String region, String accessKey, String secretKey, Path staging,
                Clock clock) throws IOException {
        this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
        this.bucket = bucket;
        this.prefix = prefix;
        this.signer = new S3Signer(accessKey, secretKey, region);
        this.staging = staging;
        this.clock = clock;
        Files.createDirectories(staging);
    }

    @Override
    public Path staging() throws IOException {
        return Files.createTempFile(staging, "upload-", ".part");
    }

    @Override
    public void put(String key, Path source) throws IOException {
        try {
            String sha;
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest())) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                sha = S3Signer.hex(((DigestInputStream) in).getMessageDigest().digest());
            }
            HttpResponse<InputStream> r = send("PUT", objectPath(key), Map.of(), sha, HttpRequest.BodyPublishers.ofFile(source),
                    Map.of("content-type", "application/octet-stream"));
            expect(r, "PUT", key, 200);
        } finally {
            Files.deleteIfExists(source);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        HttpResponse<InputStream> r = send("GET", objectPath(key), Map.of(), S3Signer.EMPTY_SHA256, HttpRequest.BodyPublishers.noBody(), Map.of());
        if (r.statusCode() == 404) {
            r.body().close();
            throw new NoSuchFileException("file store key " + key);
        }
        expect(r, "GET", key, 200);
        return r.body();
    }

    @Override
    public void delete(String key) throws IOException {
        HttpResponse<InputStream> r = send("DELETE", objectPath(key), Map.of(), S3Signer.EMPTY_SHA256, HttpRequest.BodyPublishers.noBody(), Map.of());
        if (r.statusCode() == 404) { // S3 answers 204 for a missing key; some compatible stores 404: not an error either
            r.body().close();
            return;
        }
        expect(r, "DELETE", key, 204, 200);
        r.body().close();
    }

    @Override
    public List<String> keys() throws IOException {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("list-type", "2");
            if (!prefix.isEmpty()) {
                query.put("prefix", prefix);
            }
            if (token != null) {
                query.put("continuation-token", token);
            }
            HttpResponse<InputStream> r = send("GET", "/" + bucket, query, S3Signer.EMPTY_SHA256, HttpRequest.BodyPublishers.noBody(), Map.of());
            expect(r, "LIST", prefix, 200);
            Document xml = parse(r.body().readAllBytes());
            NodeList found = xml.getElementsByTagName("Key");
            for (int i = 0; i < found.getLength(); i++) {
                keys.add(found.item(i).getTextContent().substring(prefix.length()));
            }
            boolean truncated = "true".equals(text(xml, "IsTruncated"));
            token = truncated ? text(xml, "NextContinuationToken") : null;
        } while (token != null);
        keys.sort(null);
        return keys;
    }

    private String objectPath(String key) {
        if (key.isEmpty() || key.contains("..") || key.startsWith("/")) {
            throw new IllegalArgumentException("The file store key '" + key + "' is not a plain relative key.");
        }
        return "/" + bucket + "/" + prefix + key;
    }

    private HttpResponse<InputStream> send(String method, String path, Map<String, String> query, String payloadSha256,
                                           HttpRequest.BodyPublisher body, Map<String, String> extra) throws IOException {
        Instant now = clock.instant();
        String date = S3Signer.AMZ_DATE.format(now);
        String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("host", host);
        headers.put("x-amz-date", date);
        headers.put("x-amz-content-sha256", payloadSha256);
        String authorization = signer.authorization(method, path, query, headers, payloadSha256, now);
        String queryString = query.entrySet().stream().map(e -> S3Signer.encode(e.getKey(), true) + "=" + S3Signer.encode(e.getValue(), true))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(endpoint + S3Signer.encode(path, false) + (queryString.isEmpty() ? "" : "?" + queryString));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).method(method, body)
                .header("Authorization", authorization);
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                request.header(k, v);
            }
        });
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the S3 store", e);
        }
    }

    private static void expect(HttpResponse<InputStream> r, String what, String key, int... ok) throws IOException {
        for (int s : ok) {
            if (r.statusCode() == s) {
                return;
            }
        }
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(4096);
        }
        String code = "";
        String message = "";
        try {
            Document xml = parse(body);
            code = String.valueOf(text(xml, "Code"));
            message = String.valueOf(text(xml, "Message"));
        } catch (IOException | RuntimeException e) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        throw new IOException("The S3 store refused " + what + " " + key + ": HTTP " + r.statusCode() + " " + code + " " + message);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IOException("The S3 store answered something that is not XML: " + e.getMessage(), e);
        }
    }

    private static @Nullable String text(Document xml, String tag) {
        NodeList n = xml.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent();
    }
}
