package org.fieldplan.api.file;

import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the file store. {@code local}: a directory ({@code fieldplan.files.local-path}). {@code s3}: no S3 client
 * library is part of this build yet, so the start stops with a message saying so instead of failing later on the
 * first upload; the {@link FileStore} interface is what an S3 implementation fills in.
 */
@Configuration
class FileStoreConfig {

    @Bean
    FileStore fileStore(FileProperties properties) throws IOException {
        if (properties.store().equals("s3")) {
            throw new IllegalStateException("fieldplan.files.store=s3: an S3-compatible file store is not configured in"
                    + " this build (no S3 client library is included yet). Use fieldplan.files.store=local with"
                    + " fieldplan.files.local-path on a shared volume, or add an S3 FileStore implementation.");
        }
        return new LocalFileStore(properties.localRoot());
    }
}
