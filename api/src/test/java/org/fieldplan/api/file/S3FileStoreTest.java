package org.fieldplan.api.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 file store against a local server that checks every request as AWS documents it ({@link FakeS3}): put, read,
 * list across pages, delete; a refused upload stores nothing and leaves no staging file; a missing key is
 * NoSuchFileException; a wrong secret or a skewed clock is refused.
 */
class S3FileStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesReadsListsAndDeletesSignedObjects() throws IOException {
        try (FakeS3 s3 = new FakeS3("fieldplan-files")) {
            S3FileStore store = new S3FileStore(URI.create(s3.endpoint()), s3.bucket, "attachments/", FakeS3.REGION,
                    FakeS3.ACCESS_KEY, FakeS3.SECRET, dir.resolve("staging"), Clock.systemUTC());
            String[] keys = {"2026/7/a", "2026/7/a.thumb.jpg", "2026/8/счёт 1+2", "2027/1/b"};
            for (String key : keys) {
                Path staged = store.staging();
                Files.writeString(staged, "bytes of " + key);
                store.put(key, staged);
                assertThat(staged).doesNotExist();
            }
            assertThat(s3.refusals).isEmpty();
            assertThat(s3.objects).containsOnlyKeys(java.util.Arrays.stream(keys).map(k -> "attachments/" + k).toList());
            assertThat(store.keys()).containsExactly(keys); // three pages of two keys
            try (InputStream in = store.open("2026/8/счёт 1+2")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bytes of 2026/8/счёт 1+2");
            }
            store.delete("2026/7/a");
            store.delete("2026/7/a"); // again: not an error
            assertThatThrownBy(() -> store.open("2026/7/a")).isInstanceOf(NoSuchFileException.class);
            assertThat(s3.objects).doesNotContainKey("attachments/2026/7/a");
            assertThat(s3.calls).contains("PUT /fieldplan-files/attachments/2026/8/счёт 1+2", "DELETE /fieldplan-files/attachments/2026/7/a");
        }
    }

    @Test
    void aRefusedUploadStoresNothingAndLeavesNoStagingFile() throws IOException {
        try (FakeS3 s3 = new FakeS3("fieldplan-files")) {
            S3FileStore wrongSecret = new S3FileStore(URI.create(s3.endpoint()), s3.bucket, "", FakeS3.REGION,
                    FakeS3.ACCESS_KEY, "not-the-secret", dir.resolve("staging"), Clock.systemUTC());
            Path staged = wrongSecret.staging();
            Files.writeString(staged, "a photo");
            assertThatThrownBy(() -> wrongSecret.put("2026/1/x", staged)).isInstanceOf(IOException.class)
                    .hasMessageContaining("403").hasMessageContaining("SignatureDoesNotMatch");
            assertThat(staged).doesNotExist();
            assertThat(s3.objects).isEmpty();

            S3FileStore skewed = new S3FileStore(URI.create(s3.endpoint()), s3.bucket, "", FakeS3.REGION, FakeS3.ACCESS_KEY,
                    FakeS3.SECRET, dir.resolve("staging"), Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
            Path again = skewed.staging();
            Files.writeString(again, "a photo");
            assertThatThrownBy(() -> skewed.put("2026/1/x", again)).hasMessageContaining("RequestTimeTooSkewed");
            assertThat(s3.objects).isEmpty();
            try (var left = Files.list(dir.resolve("staging"))) {
                assertThat(left).isEmpty();
            }
        }
    }
}
