package org.fieldplan.api.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** A directory as the file store: {@code <root>/<key>}, uploads staged in {@code <root>/.staging} (same file system). */
final class LocalFileStore implements FileStore {

    private final Path root;
    private final Path staging;

    LocalFileStore(Path root) throws IOException {
        this.root = root;
        this.staging = root.resolve(".staging");
        Files.createDirectories(staging);
    }

    @Override
    public Path staging() throws IOException {
        return Files.createTempFile(staging, "upload-", ".part");
    }

    @Override
    public void put(String key, Path source) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(path(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("file store key " + key);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public List<String> keys() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.startsWith(staging))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private Path path(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.startsWith(staging)) {
            throw new IllegalArgumentException("The file store key '" + key + "' points outside the store.");
        }
        return p;
    }
}
