package org.fieldplan.api.file;

import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_FILE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_COMMENT;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fieldplan.api.persistence.jooq.tables.records.RequestFileRecord;
import org.fieldplan.api.request.RequestExceptions.Forbidden;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Uploads, lists, downloads and deletes the files of a request. Visible by the request's rules ({@link
 * ServiceRequests#get}: 404 outside the caller's scope); private files (and files of private comments) are for staff
 * and the technician only. An upload is streamed to a staging file while its SHA-256 and size are taken, checked
 * (type from the content, limit per type) and only then put into the store and recorded; a refused or broken upload
 * leaves no staging file, no object and no row; a rolled-back transaction removes the objects it stored.
 */
@Service
public class Attachments {

    private static final Logger LOG = LoggerFactory.getLogger(Attachments.class);
    static final int MAX_NAME = 255;

    private final DSLContext db;
    private final ServiceRequests requests;
    private final FileStore store;
    private final FileTypes types;
    private final FileProperties limits;
    private final Clock clock;

    Attachments(DSLContext db, ServiceRequests requests, FileStore store, FileTypes types, FileProperties limits, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.store = store;
        this.types = types;
        this.limits = limits;
        this.clock = clock;
    }

    /** What a download needs: the metadata and the bytes. */
    public record Download(FileView file, String mediaType, long length, InputStream content) {}

    @Transactional
    public FileView upload(long requestId, @Nullable String name, @Nullable String visibility, @Nullable Long commentId,
                           long contentLength, InputStream body, boolean russian, CurrentUser user) {
        List<FieldProblem> problems = new ArrayList<>();
        String fileName = cleanName(name, problems);
        String vis = visibility == null || visibility.isBlank() ? "public" : visibility.strip().toLowerCase();
        if (!vis.equals("public") && !vis.equals("private")) {
            problems.add(new FieldProblem("visibility", visibility, "must be 'public' (the customer sees it) or 'private' (staff only)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        requests.get(requestId, user); // 404 when the caller may not see the request
        if (vis.equals("private") && user.is(Role.CUSTOMER)) {
            throw new Forbidden("A customer's files are always public; leave out visibility or send 'public'.");
        }
        if (commentId != null) {
            var comment = db.selectFrom(SERVICE_REQUEST_COMMENT).where(SERVICE_REQUEST_COMMENT.ID.eq(commentId),
                    SERVICE_REQUEST_COMMENT.REQUEST_ID.eq(requestId)).fetchOne();
            if (comment == null || (comment.getVisibility().equals("private") && user.is(Role.CUSTOMER))) {
                throw new InvalidInputException("commentId", commentId, "is not a comment of request " + requestId);
            }
            if (comment.getVisibility().equals("private")) {
                vis = "private"; // a private comment's files are as private as the comment
            }
        }
        return store(requestId, null, fileName, vis, commentId, contentLength, body, russian, user);
    }

    /**
     * A file of a new e-mail to the intake address, kept with its draft (no request yet) under the same checks as an
     * upload: the type from the content, the limits per type. A refusal is thrown as for an upload (4xx
     * {@link ApiException}); the caller names it in the draft's note.
     */
    @Transactional
    public FileView uploadToDraft(long draftId, @Nullable String name, InputStream body, CurrentUser user) {
        List<FieldProblem> problems = new ArrayList<>();
        String fileName = cleanName(name, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return store(null, draftId, fileName, "public", null, -1, body, false, user);
    }

    /** The files of an e-mail draft (staff only: a draft has no customer yet). */
    @Transactional(readOnly = true)
    public List<FileView> draftFiles(long draftId) {
        return db.selectFrom(REQUEST_FILE).where(REQUEST_FILE.DRAFT_ID.eq(draftId)).orderBy(REQUEST_FILE.ID).fetch(this::view);
    }

    /** The files of several e-mail drafts in one query, by draft. */
    @Transactional(readOnly = true)
    public Map<Long, List<FileView>> draftFiles(java.util.Collection<Long> draftIds) {
        Map<Long, List<FileView>> out = new java.util.HashMap<>();
        if (draftIds.isEmpty()) {
            return out;
        }
        for (RequestFileRecord r : db.selectFrom(REQUEST_FILE).where(REQUEST_FILE.DRAFT_ID.in(draftIds)).orderBy(REQUEST_FILE.ID).fetch()) {
            out.computeIfAbsent(r.getDraftId(), k -> new ArrayList<>()).add(view(r));
        }
        return out;
    }

    /** The draft's files onto the request it became (in the caller's transaction); returns how many moved. */
    @Transactional
    public int moveDraftFiles(long draftId, long requestId) {
        return db.update(REQUEST_FILE).set(REQUEST_FILE.REQUEST_ID, requestId)
                .where(REQUEST_FILE.DRAFT_ID.eq(draftId).and(REQUEST_FILE.REQUEST_ID.isNull())).execute();
    }

    /**
     * Deletes the files of a rejected e-mail draft (in the caller's transaction): the rows go, and the trigger queues
     * their objects (and thumbnails) for {@link FileSweeper}, so nothing of a refused e-mail stays in the store.
     * Returns how many files went.
     */
    @Transactional
    public int deleteDraftFiles(long draftId) {
        return db.deleteFrom(REQUEST_FILE).where(REQUEST_FILE.DRAFT_ID.eq(draftId).and(REQUEST_FILE.REQUEST_ID.isNull())).execute();
    }

    /** The bytes of one file of an e-mail draft. */
    @Transactional(readOnly = true)
    public Download draftDownload(long draftId, long fileId) {
        RequestFileRecord row = db.selectFrom(REQUEST_FILE).where(REQUEST_FILE.ID.eq(fileId), REQUEST_FILE.DRAFT_ID.eq(draftId)).fetchOne();
        if (row == null) {
            throw new NotFoundException("file", fileId);
        }
        try {
            return new Download(view(row), row.getMediaType(), row.getSizeBytes(), store.open(row.getStorageKey()));
        } catch (IOException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "file-missing", "File missing", "The bytes of file " + fileId
                    + " are missing from the file store.", Map.of());
        }
    }

    private FileView store(@Nullable Long requestId, @Nullable Long draftId, String fileName, String vis, @Nullable Long commentId,
                           long contentLength, InputStream body, boolean russian, CurrentUser user) {
        if (contentLength > limits.maxAny()) {
            throw tooLarge(fileName, contentLength, limits.maxAny(), "any file", russian);
        }
        Path staged = null;
        List<String> stored = new ArrayList<>();
        try {
            staged = store.staging();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = copyLimited(new DigestInputStream(body, sha), staged, limits.maxAny(), fileName, russian);
            if (size == 0) {
                throw new InvalidInputException("body", 0, "is empty: send the file's bytes as the request body");
            }
            FileTypes.Verdict verdict;
            try (InputStream head = new BufferedInputStream(Files.newInputStream(staged))) {
                verdict = types.check(head, fileName);
            }
            if (verdict.refusal() != null) {
                throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file-type", "File type not accepted",
                        russian ? (verdict.mediaType() == null && verdict.byName() != null && !verdict.refusal().startsWith("Files of")
                                ? "Файл «" + fileName + "» по содержимому — " + verdict.byContent() + ", а по имени — " + verdict.byName()
                                        + ". Отправьте его под именем, которое соответствует содержимому."
                                : "Файлы типа " + verdict.byContent() + " не принимаются: отправьте фото (JPEG, PNG, GIF, WebP, HEIC),"
                                        + " видео (MP4, MOV, WebM, 3GP), PDF или офисный документ.")
                                : verdict.refusal(), Map.of("field", "body", "fileName", fileName,
                                "detectedType", String.valueOf(verdict.byContent()), "typeByName", String.valueOf(verdict.byName())));
            }
            long max = switch (verdict.category()) {
                case IMAGE -> limits.maxImage().toBytes();
                case VIDEO -> limits.maxVideo().toBytes();
                case DOCUMENT -> limits.maxDocument().toBytes();
            };
            if (size > max) {
                throw tooLarge(fileName, size, max, verdict.mediaType(), russian);
            }
            String key = OffsetDateTime.now(clock).getYear() + "/" + (requestId != null ? requestId : "draft-" + draftId) + "/" + UUID.randomUUID();
            String thumbKey = null;
            if (verdict.category() == FileTypes.Category.IMAGE) {
                Path thumb = store.staging();
                if (Thumbnails.write(staged, thumb)) {
                    thumbKey = key + ".thumb.jpg";
                    store.put(thumbKey, thumb);
                    stored.add(thumbKey);
                } else {
                    Files.deleteIfExists(thumb);
                }
            }
            store.put(key, staged);
            stored.add(key);
            staged = null;
            removeOnRollback(stored);
            RequestFileRecord row = db.newRecord(REQUEST_FILE);
            row.setRequestId(requestId);
            row.setDraftId(draftId);
            row.setCommentId(commentId);
            row.setVisibility(vis);
            row.setFileName(fileName);
            row.setMediaType(verdict.mediaType());
            row.setSizeBytes(size);
            row.setSha256(HexFormat.of().formatHex(sha.digest()));
            row.setStorageKey(key);
            row.setThumbnailKey(thumbKey);
            row.setUploadedBy(user.recordedUserId());
            row.setUploadedByName(user.username());
            row.setUploadedAt(OffsetDateTime.now(clock));
            row.store();
            return view(row);
        } catch (IOException e) {
            deleteQuietly(stored);
            throw new ApiException(HttpStatus.BAD_REQUEST, "upload-interrupted", "Upload interrupted",
                    "The upload of '" + fileName + "' broke off before the whole file arrived (" + e.getMessage()
                            + "); nothing was kept. Send it again.", Map.of("field", "body"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        } catch (RuntimeException e) {
            deleteQuietly(stored);
            throw e;
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException e) {
                    LOG.warn("Could not delete the staging file {}: {}", staged, e.getMessage());
                }
            }
        }
    }

    @Transactional(readOnly = true)
    public List<FileView> list(long requestId, CurrentUser user) {
        requests.get(requestId, user);
        return db.selectFrom(REQUEST_FILE).where(REQUEST_FILE.REQUEST_ID.eq(requestId).and(visibleTo(user)))
                .orderBy(REQUEST_FILE.ID).fetch(this::view);
    }

    @Transactional(readOnly = true)
    public Download download(long requestId, long fileId, boolean thumbnail, CurrentUser user) {
        requests.get(requestId, user);
        RequestFileRecord row = db.selectFrom(REQUEST_FILE).where(REQUEST_FILE.ID.eq(fileId), REQUEST_FILE.REQUEST_ID.eq(requestId))
                .and(visibleTo(user)).fetchOne();
        if (row == null || (thumbnail && row.getThumbnailKey() == null)) {
            throw new NotFoundException(thumbnail ? "thumbnail of file" : "file", fileId);
        }
        String key = thumbnail ? row.getThumbnailKey() : row.getStorageKey();
        try {
            InputStream in = store.open(key);
            long length = thumbnail ? -1 : row.getSizeBytes();
            return new Download(view(row), thumbnail ? "image/jpeg" : row.getMediaType(), length, in);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "file-missing", "File missing", "The bytes of file " + fileId
                    + " are missing from the file store.", Map.of());
        }
    }

    /** Staff and the uploader may delete a file; its object is removed from the store by the sweeper. */
    @Transactional
    public void delete(long requestId, long fileId, CurrentUser user) {
        requests.get(requestId, user);
        RequestFileRecord row = db.selectFrom(REQUEST_FILE).where(REQUEST_FILE.ID.eq(fileId), REQUEST_FILE.REQUEST_ID.eq(requestId))
                .and(visibleTo(user)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("file", fileId);
        }
        boolean staff = user.is(Role.ADMINISTRATOR) || user.is(Role.DISPATCHER);
        if (!staff && (row.getUploadedBy() == null || row.getUploadedBy() != user.userId())) {
            throw new Forbidden("Only the office and the person who uploaded a file may delete it.");
        }
        row.delete(); // the trigger queues its objects for the sweeper
    }

    private static Condition visibleTo(CurrentUser user) {
        return user.is(Role.CUSTOMER) ? REQUEST_FILE.VISIBILITY.eq("public") : org.jooq.impl.DSL.noCondition();
    }

    private static long copyLimited(InputStream in, Path target, long max, String fileName, boolean russian) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    throw tooLarge(fileName, -1, max, "any file", russian);
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static ApiException tooLarge(String fileName, long size, long max, @Nullable String what, boolean russian) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "File too large", russian
                ? "Файл «" + fileName + "»" + (size >= 0 ? " (" + size + " байт)" : "") + " больше допустимого размера "
                        + max + " байт для " + ("any file".equals(what) ? "любого файла" : what) + ". Отправьте файл поменьше"
                        + " (например, снимок с меньшим разрешением)."
                : "The file '" + fileName + "'" + (size >= 0 ? " (" + size + " bytes)" : "") + " is larger than the limit of "
                        + max + " bytes for " + what + ". Send a smaller file (e.g. a lower camera resolution).",
                Map.of("field", "body", "fileName", fileName, "limitBytes", max, "mediaType", String.valueOf(what)));
    }

    private static String cleanName(@Nullable String name, List<FieldProblem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", name, "is required: the file's name, e.g. meter.jpg"));
            return "";
        }
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).strip(); // never a path
        StringBuilder clean = new StringBuilder();
        n.codePoints().filter(c -> c >= 0x20 && c != 0x7f).forEach(clean::appendCodePoint);
        n = clean.toString();
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            problems.add(new FieldProblem("name", name, "is not a file name"));
        } else if (n.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", n.substring(0, 40) + "...", "is longer than " + MAX_NAME + " characters"));
        }
        return n;
    }

    private void removeOnRollback(List<String> keys) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            List<String> copy = List.copyOf(keys);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        deleteQuietly(copy);
                    }
                }
            });
        }
    }

    private void deleteQuietly(List<String> keys) {
        for (String key : keys) {
            try {
                store.delete(key);
            } catch (IOException e) {
                LOG.warn("Could not delete {} from the file store: {}", key, e.getMessage());
            }
        }
    }

    private FileView view(RequestFileRecord r) {
        String base = r.getRequestId() == null ? "/api/inbox/drafts/" + r.getDraftId() + "/files/" + r.getId()
                : "/api/requests/" + r.getRequestId() + "/files/" + r.getId();
        return new FileView(r.getId(), r.getRequestId(), r.getCommentId(), r.getVisibility(), r.getFileName(),
                r.getMediaType(), r.getSizeBytes(), r.getSha256(), r.getUploadedByName(), r.getUploadedAt(), base,
                r.getThumbnailKey() == null || r.getRequestId() == null ? null : base + "/thumbnail");
    }
}
