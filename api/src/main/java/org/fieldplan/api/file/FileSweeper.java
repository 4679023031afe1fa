package org.fieldplan.api.file;

import static org.fieldplan.api.persistence.jooq.Tables.FILE_DELETION;

import java.io.IOException;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Removes from the store the objects of deleted files (a deleted request's files go with it: the rows cascade, a
 * trigger queues their keys in {@code file_deletion}). Any instance may run it; rows are taken with SKIP LOCKED.
 */
@Component
public class FileSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(FileSweeper.class);

    private final DSLContext db;
    private final FileStore store;

    FileSweeper(DSLContext db, FileStore store) {
        this.db = db;
        this.store = store;
    }

    /** Deletes up to 500 queued objects; returns how many. */
    @Scheduled(fixedDelayString = "${fieldplan.files.sweep-every:30s}", initialDelayString = "${fieldplan.files.sweep-every:30s}")
    @Transactional
    public int sweep() {
        var keys = db.select(FILE_DELETION.STORAGE_KEY).from(FILE_DELETION).orderBy(FILE_DELETION.QUEUED_AT).limit(500)
                .forUpdate().skipLocked().fetch(FILE_DELETION.STORAGE_KEY);
        int done = 0;
        for (String key : keys) {
            try {
                store.delete(key);
                db.deleteFrom(FILE_DELETION).where(FILE_DELETION.STORAGE_KEY.eq(key)).execute();
                done++;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not delete {} from the file store (will retry): {}", key, e.getMessage());
            }
        }
        return done;
    }
}
