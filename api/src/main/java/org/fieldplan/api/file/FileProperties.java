package org.fieldplan.api.file;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Attachments ({@code fieldplan.files.*}).
 *
 * @param store      {@code local} (a directory; the demo and the tests) or {@code s3} (an S3-compatible object store,
 *                   {@code fieldplan.files.s3.*}; uploads are staged under {@code local-path} first)
 * @param localPath  the directory of the local store (created when missing)
 * @param maxImage   the largest photo or picture
 * @param maxVideo   the largest video
 * @param maxDocument the largest PDF or office document
 * @param sweepEvery how often the store's objects of deleted files are removed
 * @param s3         the S3-compatible store when {@code store=s3}
 */
@ConfigurationProperties("fieldplan.files")
@Validated
public record FileProperties(
        @DefaultValue("local") @NotBlank String store,
        @DefaultValue("var/files") @NotBlank String localPath,
        @DefaultValue("25MB") @NotNull DataSize maxImage,
        @DefaultValue("200MB") @NotNull DataSize maxVideo,
        @DefaultValue("20MB") @NotNull DataSize maxDocument,
        @DefaultValue("30s") @NotNull Duration sweepEvery,
        @DefaultValue S3 s3) {

    /**
     * An S3-compatible object store: {@code endpoint} (e.g. {@code https://s3.eu-central-1.amazonaws.com} or a MinIO
     * address), {@code bucket}, an optional key {@code prefix}, the {@code region} signed into requests, and the access
     * key pair (from the environment: {@code FIELDPLAN_FILES_S3_ACCESS_KEY}, {@code FIELDPLAN_FILES_S3_SECRET_KEY}).
     */
    public record S3(@org.jspecify.annotations.Nullable String endpoint, @org.jspecify.annotations.Nullable String bucket,
                     @DefaultValue("") String prefix, @DefaultValue("us-east-1") String region,
                     @org.jspecify.annotations.Nullable String accessKey, @org.jspecify.annotations.Nullable String secretKey) {
        @Override
        public String toString() { // never the secret in a log
            return "S3[" + endpoint + ", bucket " + bucket + ", prefix '" + prefix + "', " + region + "]";
        }
    }

    public FileProperties {
        if (!store.equals("local") && !store.equals("s3")) {
            throw new IllegalArgumentException("fieldplan.files.store is '" + store + "'; use 'local' or 's3'.");
        }
    }

    Path localRoot() {
        return Path.of(localPath).toAbsolutePath().normalize();
    }

    /** The largest upload of any type: a body longer than this is refused before it is read. */
    long maxAny() {
        return Math.max(maxImage.toBytes(), Math.max(maxVideo.toBytes(), maxDocument.toBytes()));
    }
}
