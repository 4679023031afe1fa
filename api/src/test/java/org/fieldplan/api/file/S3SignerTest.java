package org.fieldplan.api.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer against AWS's own worked example (S3 API reference, "Example: GET Object", header-based SigV4). */
class S3SignerTest {

    @Test
    void signsAwssGetObjectExampleAsAwsDocumentsIt() {
        S3Signer signer = new S3Signer("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");
        headers.put("x-amz-content-sha256", S3Signer.EMPTY_SHA256);
        headers.put("x-amz-date", "20130524T000000Z");
        String authorization = signer.authorization("GET", "/test.txt", Map.of(), headers, S3Signer.EMPTY_SHA256,
                Instant.parse("2013-05-24T00:00:00Z"));
        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void encodesPathsAndQueriesAsS3Wants() {
        assertThat(S3Signer.encode("/bucket/2026/7/a b$+é", false)).isEqualTo("/bucket/2026/7/a%20b%24%2B%C3%A9");
        assertThat(S3Signer.encode("a/b=c", true)).isEqualTo("a%2Fb%3Dc");
    }
}
