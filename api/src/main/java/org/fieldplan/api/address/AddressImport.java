package org.fieldplan.api.address;

import static org.fieldplan.api.persistence.jooq.Tables.ADDRESS_ENTRY;
import static org.fieldplan.api.persistence.jooq.Tables.ADDRESS_IMPORT;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.geo.address.AddressEntry;
import org.fieldplan.geo.address.AddressExtract;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep9;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.locationtech.jts.geom.Geometry;

/**
 * Builds the address index from the road map's OSM extract: once per extract checksum and {@link #rules()} (the row of
 * {@code address_import}; a new version of the extractor's rules, or another boundary level or locality name tag, makes
 * an existing index be rebuilt although the extract is the same), all rows replaced in one transaction under an advisory lock, so several instances starting
 * together import once and a search never sees half an index. Runs at start-up in the background
 * ({@code fieldplan.addresses.import-on-start}) and on first use.
 */
@Component
public class AddressImport {

    private static final Logger LOG = LoggerFactory.getLogger(AddressImport.class);
    private static final long LOCK_KEY = 0x4144445245535345L; // "ADDRESSE"

    private final DSLContext db;
    private final RoadMap map;
    private final AddressProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile boolean current;

    AddressImport(DSLContext db, RoadMap map, AddressProperties properties, TransactionTemplate tx, Clock clock) {
        this.db = db;
        this.map = map;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    /** What an import did. */
    public record Outcome(boolean imported, String sha256, int houses, int streets, long millis) {}

    /** What builds the index besides the extract: stored with it, and compared before deciding there is nothing to do. */
    public String rules() {
        return "rules=" + AddressExtract.RULES_VERSION + " admin_level=" + properties.localityAdminLevel()
                + " locality_name=" + properties.localityName();
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        if (properties.importOnStart() && map.extract() != null) {
            Thread.ofVirtual().name("address-import").start(() -> {
                try {
                    ensureCurrent();
                } catch (RuntimeException e) {
                    LOG.warn("The address index could not be built from {}: {}", map.extract(), e.toString());
                }
            });
        }
    }

    /** True when the index matches the map's extract (importing it first when needed); false without an extract. */
    public boolean ensureCurrent() {
        if (current) {
            return true;
        }
        Path extract = map.extract();
        if (extract == null) {
            return false;
        }
        synchronized (this) {
            if (!current) {
                importIfChanged(extract);
                current = true;
            }
        }
        return true;
    }

    /** Imports {@code extract} unless the index was built from a file with the same checksum by the same rules. */
    public Outcome importIfChanged(Path extract) {
        long started = System.nanoTime();
        String sha = AddressExtract.sha256(extract);
        String rules = rules();
        if (isStored(sha, rules)) {
            return new Outcome(false, sha, -1, -1, 0);
        }
        AddressExtract.Result read = AddressExtract.read(extract, properties.localityName(),
                properties.localityAdminLevel());
        Outcome outcome = tx.execute(status -> {
            db.select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(LOCK_KEY))).fetch();
            if (isStored(sha, rules)) {
                return new Outcome(false, sha, -1, -1, 0); // another instance was quicker
            }
            db.deleteFrom(ADDRESS_ENTRY).execute();
            store(read.entries());
            db.update(ADDRESS_ENTRY).set(ADDRESS_ENTRY.SEARCH_TEXT, DSL.field(
                    "fold_text({0} || ' ' || {1} || ' ' || {2} || ' ' || {3})", String.class,
                    ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.STREET_ALT, ADDRESS_ENTRY.LOCALITY, ADDRESS_ENTRY.LOCALITY_ALT))
                    .execute();
            db.insertInto(ADDRESS_IMPORT)
                    .set(ADDRESS_IMPORT.ID, (short) 1)
                    .set(ADDRESS_IMPORT.EXTRACT_NAME, extract.getFileName().toString())
                    .set(ADDRESS_IMPORT.EXTRACT_SHA256, sha)
                    .set(ADDRESS_IMPORT.HOUSES, read.houses())
                    .set(ADDRESS_IMPORT.STREETS, read.streets())
                    .set(ADDRESS_IMPORT.IMPORTED_AT, OffsetDateTime.now(clock))
                    .set(ADDRESS_IMPORT.RULES, rules)
                    .set(ADDRESS_IMPORT.BOUNDARIES, read.boundaries())
                    .onConflict(ADDRESS_IMPORT.ID).doUpdate()
                    .set(ADDRESS_IMPORT.EXTRACT_NAME, extract.getFileName().toString())
                    .set(ADDRESS_IMPORT.EXTRACT_SHA256, sha)
                    .set(ADDRESS_IMPORT.HOUSES, read.houses())
                    .set(ADDRESS_IMPORT.STREETS, read.streets())
                    .set(ADDRESS_IMPORT.IMPORTED_AT, OffsetDateTime.now(clock))
                    .set(ADDRESS_IMPORT.RULES, rules)
                    .set(ADDRESS_IMPORT.BOUNDARIES, read.boundaries())
                    .execute();
            return new Outcome(true, sha, read.houses(), read.streets(), (System.nanoTime() - started) / 1_000_000);
        });
        if (outcome != null && outcome.imported()) {
            LOG.info("address index built from {} (sha256 {}, {}): {} houses, {} streets, {} administrative boundaries"
                    + " ({} entries placed by one) in {} ms", extract.getFileName(), sha.substring(0, 12), rules,
                    outcome.houses(), outcome.streets(), read.boundaries(), read.byBoundary(), outcome.millis());
        }
        return outcome;
    }

    private boolean isStored(String sha, String rules) {
        return db.fetchExists(db.selectOne().from(ADDRESS_IMPORT).where(ADDRESS_IMPORT.ID.eq((short) 1),
                ADDRESS_IMPORT.EXTRACT_SHA256.eq(sha), ADDRESS_IMPORT.RULES.eq(rules)));
    }

    private void store(List<AddressEntry> entries) {
        int chunk = 500;
        for (int from = 0; from < entries.size(); from += chunk) {
            InsertValuesStep9<?, String, String, String, String, String, String, Geometry, String, String> insert =
                    db.insertInto(ADDRESS_ENTRY, ADDRESS_ENTRY.KIND, ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.STREET_ALT,
                            ADDRESS_ENTRY.HOUSE_NUMBER, ADDRESS_ENTRY.LOCALITY, ADDRESS_ENTRY.LOCALITY_ALT,
                            ADDRESS_ENTRY.LOCATION, ADDRESS_ENTRY.OSM_ID, ADDRESS_ENTRY.SEARCH_TEXT);
            for (AddressEntry e : entries.subList(from, Math.min(entries.size(), from + chunk))) {
                insert = insert.values(e.kind().code(), cut(e.street(), 300), cut(e.streetAlt(), 1000),
                        e.houseNumber() == null ? null : cut(e.houseNumber(), 50), cut(e.locality(), 200),
                        cut(e.localityAlt(), 1000), Geo.point(e.lat(), e.lon()), e.osmId(), "");
            }
            insert.execute();
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

}
