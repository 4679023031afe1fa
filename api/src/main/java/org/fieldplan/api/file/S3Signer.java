package org.fieldplan.api.file;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests with the signature in the Authorization header, as AWS documents it
 * ("Signature Calculations for the Authorization Header: Transferring Payload in a Single Chunk"): the canonical
 * request (method, URI-encoded path, sorted query, lower-case sorted headers, signed header list, payload hash), the
 * string to sign with the credential scope {@code date/region/s3/aws4_request}, and the HMAC-SHA256 chain of the
 * signing key. Checked against AWS's own GET Object example in {@code S3SignerTest}.
 */
final class S3Signer {

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final String accessKey;
    private final String secretKey;
    private final String region;

    S3Signer(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    /**
     * The Authorization header for a request. {@code headers} must hold every header to sign, among them
     * {@code host}, {@code x-amz-date} and {@code x-amz-content-sha256}; {@code query} its parameters, not encoded.
     */
    String authorization(String method, String path, Map<String, String> query, Map<String, String> headers,
                         String payloadSha256, Instant at) {
        TreeMap<String, String> canonicalHeaders = new TreeMap<>();
        headers.forEach((k, v) -> canonicalHeaders.put(k.toLowerCase(Locale.ROOT), v.strip().replaceAll(" +", " ")));
        String signed = String.join(";", canonicalHeaders.keySet());
        String canonicalQuery = new TreeMap<>(query.entrySet().stream()
                .collect(Collectors.toMap(e -> encode(e.getKey(), true), e -> encode(e.getValue(), true))))
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        String canonicalRequest = method + "\n" + encode(path, false) + "\n" + canonicalQuery + "\n"
                + canonicalHeaders.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n").collect(Collectors.joining())
                + "\n" + signed + "\n" + payloadSha256;
        String date = AMZ_DATE.format(at);
        String day = date.substring(0, 8);
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, toSign));
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ",SignedHeaders=" + signed + ",Signature=" + signature;
    }

    /** URI-encodes as S3 wants: every byte but A-Z a-z 0-9 - . _ ~ (and '/' in a path) as %XY, upper-case hex. */
    static String encode(String s, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                    || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
