package org.fieldplan.api.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What a file is, from its content (Apache Tika's magic bytes), and whether its name agrees. The client's name and
 * Content-Type are never trusted: a PDF named {@code photo.jpg} is refused (415) with both types named.
 */
@Component
class FileTypes {

    enum Category { IMAGE, VIDEO, DOCUMENT }

    private static final Map<String, Category> ALLOWED = Map.ofEntries(
            Map.entry("image/jpeg", Category.IMAGE), Map.entry("image/png", Category.IMAGE),
            Map.entry("image/gif", Category.IMAGE), Map.entry("image/webp", Category.IMAGE),
            Map.entry("image/heic", Category.IMAGE), Map.entry("image/heif", Category.IMAGE),
            Map.entry("video/mp4", Category.VIDEO), Map.entry("video/quicktime", Category.VIDEO),
            Map.entry("video/webm", Category.VIDEO), Map.entry("video/3gpp", Category.VIDEO),
            Map.entry("application/pdf", Category.DOCUMENT),
            Map.entry("application/msword", Category.DOCUMENT), Map.entry("application/vnd.ms-excel", Category.DOCUMENT),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Category.DOCUMENT),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Category.DOCUMENT),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", Category.DOCUMENT),
            Map.entry("application/vnd.oasis.opendocument.text", Category.DOCUMENT),
            Map.entry("application/vnd.oasis.opendocument.spreadsheet", Category.DOCUMENT));

    /** Content types of containers whose exact kind tika-core alone cannot tell: the name then says which. */
    private static final Set<String> CONTAINERS = Set.of("application/zip", "application/x-tika-ooxml",
            "application/x-tika-msoffice", "application/x-ole-storage");

    private final Tika tika = new Tika();

    /** The outcome: the type to store, its category; or why it is refused. */
    record Verdict(@Nullable String mediaType, @Nullable Category category, @Nullable String byContent,
                   @Nullable String byName, @Nullable String refusal) {}

    /** {@code head}: the first bytes of the file (Tika reads at most a few KB of them). */
    Verdict check(InputStream head, String fileName) throws IOException {
        String byContent = base(tika.detect(head));
        String byName = base(tika.detect(fileName));
        boolean nameKnown = !byName.equals(MediaType.OCTET_STREAM.toString());
        String type = byContent;
        if (CONTAINERS.contains(byContent) && nameKnown && ALLOWED.get(byName) == Category.DOCUMENT) {
            type = byName; // an office file is a zip or OLE container by its content; the name says which
        }
        Category category = ALLOWED.get(type);
        if (category == null) {
            return new Verdict(null, null, byContent, byName, "Files of type " + byContent + " are not accepted; send photos"
                    + " (JPEG, PNG, GIF, WebP, HEIC), videos (MP4, MOV, WebM, 3GP), PDF or office documents.");
        }
        if (nameKnown && !byName.equals(type) && !(alias(byName).equals(alias(type)))) {
            return new Verdict(null, null, byContent, byName, "The file '" + fileName + "' is " + type
                    + " by its content, but its name says " + byName + ". Send it under a name that matches what it is.");
        }
        return new Verdict(type, category, byContent, byName, null);
    }

    private static String alias(String type) {
        return switch (type) {
            case "image/heif" -> "image/heic";
            default -> type;
        };
    }

    private static String base(String type) {
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
    }
}
