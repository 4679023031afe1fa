package org.fieldplan.api.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where the bytes of attachments live. Keys are opaque ({@code 2026/12/6f1c...}); metadata and checksums are in
 * PostgreSQL. Implementations: {@link LocalFileStore} (a directory); an S3-compatible store is selected by
 * {@code fieldplan.files.store=s3} (see {@link FileStoreConfig}).
 */
public interface FileStore {

    /** A local file to write an upload into before it is accepted (on the store's file system where possible). */
    Path staging() throws IOException;

    /** Takes {@code source} (a staging file) under {@code key}; the staging file is gone afterwards. */
    void put(String key, Path source) throws IOException;

    InputStream open(String key) throws IOException;

    /** Removes the object; a missing one is not an error. */
    void delete(String key) throws IOException;

    /** The keys of every object, for tests and the sweeper's checks. */
    java.util.List<String> keys() throws IOException;
}
