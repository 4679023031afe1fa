package org.fieldplan.api.file;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** An attachment's metadata; {@code download} and {@code thumbnail} (images only) are where to fetch it. */
public record FileView(long id, long requestId, @Nullable Long commentId, String visibility, String fileName,
                       String mediaType, long sizeBytes, String sha256, String uploadedBy, OffsetDateTime uploadedAt,
                       String download, @Nullable String thumbnail) {}
