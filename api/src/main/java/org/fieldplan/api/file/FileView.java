package org.fieldplan.api.file;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * An attachment's metadata; {@code download} and {@code thumbnail} (images only) are where to fetch it. {@code requestId}
 * is null for a file of an e-mail draft that is not a request yet.
 */
public record FileView(long id, @Nullable Long requestId, @Nullable Long commentId, String visibility, String fileName,
                       String mediaType, long sizeBytes, String sha256, String uploadedBy, OffsetDateTime uploadedAt,
                       String download, @Nullable String thumbnail) {}
