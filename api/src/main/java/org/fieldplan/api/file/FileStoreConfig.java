package org.fieldplan.api.file;

import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the file store. {@code local}: a directory ({@code fieldplan.files.local-path}). {@code s3}: an S3-compatible
 * object store ({@code fieldplan.files.s3.*}, {@link S3FileStore}); a missing setting stops the start naming it, instead
 * of failing later on the first upload.
 */
@Configuration
class FileStoreConfig {

    @Bean
    FileStore fileStore(FileProperties properties, java.time.Clock clock) throws IOException {
        if (properties.store().equals("s3")) {
            FileProperties.S3 s3 = properties.s3();
            java.util.List<String> missing = new java.util.ArrayList<>();
            if (s3.endpoint() == null || s3.endpoint().isBlank()) {
                missing.add("fieldplan.files.s3.endpoint");
            }
            if (s3.bucket() == null || s3.bucket().isBlank()) {
                missing.add("fieldplan.files.s3.bucket");
            }
            if (s3.accessKey() == null || s3.accessKey().isBlank()) {
                missing.add("fieldplan.files.s3.access-key (FIELDPLAN_FILES_S3_ACCESS_KEY)");
            }
            if (s3.secretKey() == null || s3.secretKey().isBlank()) {
                missing.add("fieldplan.files.s3.secret-key (FIELDPLAN_FILES_S3_SECRET_KEY)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("fieldplan.files.store=s3 needs " + String.join(", ", missing) + ".");
            }
            return new S3FileStore(java.net.URI.create(s3.endpoint()), s3.bucket(), s3.prefix(), s3.region(), s3.accessKey(),
                    s3.secretKey(), properties.localRoot().resolve(".staging"), clock);
        }
        return new LocalFileStore(properties.localRoot());
    }
}
