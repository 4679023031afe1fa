package org.fieldplan.api.file;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local HTTP server that answers the S3 REST calls the file store makes (PutObject, GetObject, DeleteObject,
 * ListObjectsV2 with pages of two keys) and checks each request as AWS documents them: an Authorization header of
 * Signature Version 4 whose signature it recomputes with its own code from the request as received (canonical request,
 * string to sign, signing key), the credential scope and x-amz-date within 15 minutes, x-amz-content-sha256 signed and,
 * on a PUT, equal to the SHA-256 of the body received. A failed check is 403 SignatureDoesNotMatch or 400
 * XAmzContentSHA256Mismatch, with S3's XML error body, and stores nothing.
 */
final class FakeS3 implements AutoCloseable {

    static final String ACCESS_KEY = "FAKEACCESSKEY1234567";
    static final String SECRET = "fake/secret+key/for/the/tests/only/123456";
    static final String REGION = "eu-test-1";
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/s3/aws4_request,\\s*SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");

    final String bucket;
    final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeS3(String bucket) throws IOException {
        this.bucket = bucket;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            String method = x.getRequestMethod();
            String path = URLDecoder.decode(x.getRequestURI().getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
            calls.add(method + " " + path);
            String problem = checkSignature(x, method, body);
            if (problem != null) {
                refusals.add(problem);
                error(x, problem.startsWith("XAmzContentSHA256Mismatch") ? 400 : 403, problem);
                return;
            }
            if (!path.startsWith("/" + bucket)) {
                error(x, 404, "NoSuchBucket The bucket does not exist");
                return;
            }
            String key = path.length() > bucket.length() + 2 ? path.substring(bucket.length() + 2) : "";
            switch (method) {
                case "PUT" -> {
                    objects.put(key, body);
                    x.getResponseHeaders().add("ETag", "\"" + hex(MessageDigest.getInstance("MD5").digest(body)) + "\"");
                    x.sendResponseHeaders(200, -1);
                }
                case "GET" -> {
                    if (key.isEmpty()) {
                        list(x);
                        return;
                    }
                    byte[] data = objects.get(key);
                    if (data == null) {
                        error(x, 404, "NoSuchKey The specified key does not exist.");
                        return;
                    }
                    x.sendResponseHeaders(200, data.length);
                    x.getResponseBody().write(data);
                }
                case "DELETE" -> {
                    objects.remove(key);
                    x.sendResponseHeaders(204, -1);
                }
                default -> error(x, 405, "MethodNotAllowed " + method);
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void list(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        String prefix = q.getOrDefault("prefix", "");
        String after = q.get("continuation-token");
        List<String> keys = new ArrayList<>();
        for (String k : objects.keySet()) {
            if (k.startsWith(prefix) && (after == null || k.compareTo(after) > 0)) {
                keys.add(k);
            }
        }
        boolean truncated = keys.size() > 2;
        List<String> page = keys.subList(0, Math.min(2, keys.size()));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .append("<Name>").append(bucket).append("</Name><Prefix>").append(prefix).append("</Prefix><KeyCount>")
                .append(page.size()).append("</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>").append(truncated).append("</IsTruncated>");
        for (String k : page) {
            xml.append("<Contents><Key>").append(k).append("</Key><Size>").append(objects.get(k).length).append("</Size></Contents>");
        }
        if (truncated) {
            xml.append("<NextContinuationToken>").append(page.getLast()).append("</NextContinuationToken>");
        }
        byte[] out = xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/xml");
        x.sendResponseHeaders(200, out.length);
        x.getResponseBody().write(out);
    }

    /** Null when the request is signed as AWS documents; else the S3 error code and why. */
    private String checkSignature(HttpExchange x, String method, byte[] body) throws Exception {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        Matcher m = auth == null ? null : AUTH.matcher(auth);
        if (m == null || !m.matches()) {
            return "AccessDenied no Signature Version 4 Authorization header: " + auth;
        }
        if (!m.group(1).equals(ACCESS_KEY)) {
            return "InvalidAccessKeyId " + m.group(1);
        }
        String amzDate = x.getRequestHeaders().getFirst("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(m.group(2)) || !m.group(3).equals(REGION)) {
            return "AuthorizationHeaderMalformed scope " + m.group(2) + "/" + m.group(3) + " vs date " + amzDate;
        }
        Instant at = LocalDateTime.parse(amzDate, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
        if (Duration.between(at, Instant.now()).abs().toMinutes() > 15) {
            return "RequestTimeTooSkewed " + amzDate;
        }
        List<String> signed = List.of(m.group(4).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date") || !signed.contains("x-amz-content-sha256")) {
            return "AccessDenied host, x-amz-date and x-amz-content-sha256 must be signed: " + signed;
        }
        String contentSha = x.getRequestHeaders().getFirst("x-amz-content-sha256");
        if (method.equals("PUT") && !hex(MessageDigest.getInstance("SHA-256").digest(body)).equals(contentSha)) {
            return "XAmzContentSHA256Mismatch the body's SHA-256 is not " + contentSha;
        }
        // the canonical request, from the request as received
        StringBuilder canonical = new StringBuilder(method).append('\n');
        canonical.append(uriEncode(URLDecoder.decode(x.getRequestURI().getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8), false)).append('\n');
        TreeMap<String, String> q = new TreeMap<>();
        query(x.getRequestURI().getRawQuery()).forEach((k, v) -> q.put(uriEncode(k, true), uriEncode(v, true)));
        List<String> pairs = new ArrayList<>();
        q.forEach((k, v) -> pairs.add(k + "=" + v));
        canonical.append(String.join("&", pairs)).append('\n');
        for (String h : signed) {
            String value = x.getRequestHeaders().getFirst(h);
            if (value == null) {
                return "AccessDenied signed header " + h + " is missing";
            }
            canonical.append(h).append(':').append(value.trim()).append('\n');
        }
        canonical.append('\n').append(m.group(4)).append('\n').append(contentSha);
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + m.group(2) + "/" + REGION + "/s3/aws4_request\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] k = mac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), m.group(2));
        for (String part : new String[] {REGION, "s3", "aws4_request"}) {
            k = mac(k, part);
        }
        String expected = hex(mac(k, stringToSign));
        return expected.equals(m.group(5)) ? null : "SignatureDoesNotMatch canonical request:\n" + canonical;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String uriEncode(String s, boolean slash) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0 || (c == '/' && !slash);
            out.append(plain ? String.valueOf((char) c) : "%" + HexFormat.of().withUpperCase().toHexDigits((byte) c));
        }
        return out.toString();
    }

    private static byte[] mac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static void error(HttpExchange x, int status, String problem) throws IOException {
        String code = problem.split(" ", 2)[0];
        byte[] out = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                + problem.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/xml");
        x.sendResponseHeaders(status, out.length);
        x.getResponseBody().write(out);
    }
}
