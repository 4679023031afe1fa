package org.fieldplan.api.address;

import static org.fieldplan.api.persistence.jooq.Tables.ADDRESS_ENTRY;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.request.ZoneChoice;
import org.fieldplan.api.request.ZoneRouter;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record8;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Searches the address index. The query is folded like the index ({@code fold_text}: case, accents, hyphens and
 * apostrophes ignored; Latin and Cyrillic alike) and split into words: every word with a letter must occur in the
 * street's or locality's names (trigram GIN index, {@code LIKE '%word%'}), a word starting with a digit is the house
 * number. With a number, the doors with exactly that number come first ({@code exact: true}); the streets that match
 * but have no such door in the map follow with the number the caller typed ({@code exact: false}: the pin is on the
 * street, the user drags it to the door). Without a number, streets come first, then doors. When the words find too
 * few, trigram similarity fills up the list (typos: "kbirra mosta").
 */
@Component
public class AddressIndex {

    public static final int MIN_LETTERS = 2;
    public static final int MAX_QUERY = 100;
    public static final int MAX_LIMIT = 50;

    private final DSLContext db;
    private final AddressImport imports;
    private final ZoneRouter router;

    AddressIndex(DSLContext db, AddressImport imports, ZoneRouter router) {
        this.db = db;
        this.imports = imports;
        this.router = router;
    }

    /** A suggestion: the label a person says, its parts, the point, and whether the point is the door itself. */
    public record Address(String label, String street, @Nullable String houseNumber, String locality, double lat,
            double lon, boolean exact) {}

    /** A zone an address lies in and its responsible dispatcher (the first is the one a request there is routed to). */
    public record ZoneAt(long id, String name, @Nullable Long dispatcherId, @Nullable String dispatcher) {}

    /** Whether the index has been built (else the caller may fall back to street names of the road graph). */
    public boolean ready() {
        return db.fetchExists(ADDRESS_ENTRY);
    }

    /**
     * The suggestions for {@code q}, at most {@code limit}.
     *
     * @throws InvalidInputException for a {@code q} with fewer than two letters or digits or over 100 characters,
     *                               and a limit outside 1..50
     */
    public List<Address> search(@Nullable String q, int limit) {
        check(q, limit);
        imports.ensureCurrent();
        String folded = db.select(DSL.field("fold_text({0})", String.class, DSL.val(q))).fetchOne(0, String.class);
        List<String> words = new ArrayList<>();
        String number = null;
        for (String w : (folded == null ? "" : folded).strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (number == null && Character.isDigit(w.codePointAt(0)) && w.length() <= 10) {
                number = w;
            } else if (w.codePoints().anyMatch(Character::isLetterOrDigit)) {
                words.add(w);
            }
        }
        if (words.isEmpty() && number == null) {
            return List.of();
        }
        Field<String> text = ADDRESS_ENTRY.SEARCH_TEXT;
        Condition all = DSL.trueCondition();
        for (String w : words) {
            all = all.and(text.like("%" + escape(w) + "%", '\\'));
        }
        String letters = String.join(" ", words);
        Field<Double> similarity = letters.isEmpty() ? DSL.inline(0.0)
                : DSL.field("similarity({0}, {1})", Double.class, text, DSL.val(letters));
        Field<Double> lat = DSL.field("ST_Y({0})", Double.class, ADDRESS_ENTRY.LOCATION);
        Field<Double> lon = DSL.field("ST_X({0})", Double.class, ADDRESS_ENTRY.LOCATION);

        Map<String, Address> out = new LinkedHashMap<>(); // by label: one suggestion per thing a person would say
        if (number != null) {
            // the doors with that number
            addAll(out, limit, db.select(ADDRESS_ENTRY.KIND, ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.HOUSE_NUMBER,
                            ADDRESS_ENTRY.LOCALITY, lat, lon, similarity, ADDRESS_ENTRY.ID)
                    .from(ADDRESS_ENTRY)
                    .where(all, ADDRESS_ENTRY.KIND.eq("house"), DSL.lower(ADDRESS_ENTRY.HOUSE_NUMBER).eq(number))
                    .orderBy(similarity.desc(), ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.LOCALITY)
                    .limit(limit).fetch(), null);
            if (!words.isEmpty() && out.size() < limit) {
                // streets without that door in the map: the street's point, the number as typed, not exact
                addAll(out, limit, db.select(ADDRESS_ENTRY.KIND, ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.HOUSE_NUMBER,
                                ADDRESS_ENTRY.LOCALITY, lat, lon, similarity, ADDRESS_ENTRY.ID)
                        .from(ADDRESS_ENTRY)
                        .where(all, ADDRESS_ENTRY.KIND.eq("street"))
                        .orderBy(similarity.desc(), ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.LOCALITY)
                        .limit(limit * 2).fetch(), number);
            }
        } else {
            SortField<?> streetsFirst = DSL.when(ADDRESS_ENTRY.KIND.eq("street"), 0).otherwise(1).asc();
            addAll(out, limit, db.select(ADDRESS_ENTRY.KIND, ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.HOUSE_NUMBER,
                            ADDRESS_ENTRY.LOCALITY, lat, lon, similarity, ADDRESS_ENTRY.ID)
                    .from(ADDRESS_ENTRY)
                    .where(all)
                    .orderBy(streetsFirst, similarity.desc(), ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.LOCALITY,
                            ADDRESS_ENTRY.HOUSE_NUMBER)
                    .limit(limit * 2).fetch(), null);
        }
        if (out.size() < limit && letters.length() >= 3) {
            // typos: the closest names by trigram word similarity (the GIN index answers "<%")
            Field<Double> wordSimilarity = DSL.field("word_similarity({0}, {1})", Double.class, DSL.val(letters), text);
            addAll(out, limit, db.select(ADDRESS_ENTRY.KIND, ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.HOUSE_NUMBER,
                            ADDRESS_ENTRY.LOCALITY, lat, lon, wordSimilarity, ADDRESS_ENTRY.ID)
                    .from(ADDRESS_ENTRY)
                    .where(DSL.condition("{0} <% {1}", DSL.val(letters), text),
                            ADDRESS_ENTRY.KIND.eq("street"))
                    .orderBy(wordSimilarity.desc(), ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.LOCALITY)
                    .limit(limit * 2).fetch(), number);
        }
        return List.copyOf(out.values());
    }

    /** The zones covering each point (the winning zone first) with their dispatchers' names. */
    public List<ZoneAt> zonesAt(double lat, double lon) {
        List<ZoneChoice.Candidate> covering = new ArrayList<>(router.covering(lat, lon));
        covering.sort(ZoneChoice.RULE);
        if (covering.isEmpty()) {
            return List.of();
        }
        Set<Long> userIds = new HashSet<>();
        covering.forEach(c -> {
            if (c.dispatcherUserId() != null) {
                userIds.add(c.dispatcherUserId());
            }
        });
        Map<Long, String> names = new HashMap<>();
        if (!userIds.isEmpty()) {
            db.select(APP_USER.ID, APP_USER.DISPLAY_NAME).from(APP_USER).where(APP_USER.ID.in(userIds))
                    .forEach(r -> names.put(r.value1(), r.value2()));
        }
        return covering.stream().map(c -> new ZoneAt(c.zoneId(), c.zoneName(), c.dispatcherUserId(),
                c.dispatcherUserId() == null ? null : names.get(c.dispatcherUserId()))).toList();
    }

    private static void addAll(Map<String, Address> out, int limit,
            List<? extends Record8<String, String, String, String, Double, Double, Double, Long>> rows,
            @Nullable String typedNumber) {
        for (var r : rows) {
            if (out.size() >= limit) {
                return;
            }
            boolean house = "house".equals(r.value1());
            String number = house ? r.value3() : typedNumber;
            String street = r.value2();
            String locality = r.value4();
            String label = label(street, number, locality);
            String key = label.toLowerCase(Locale.ROOT);
            if (!out.containsKey(key)) {
                out.put(key, new Address(label, street, number, locality, r.value5(), r.value6(), house));
            }
        }
    }

    /** "Triq il-Kbira 12, Mosta"; without a number "Triq il-Kbira, Mosta"; without a locality the street alone. */
    static String label(String street, @Nullable String number, String locality) {
        StringBuilder s = new StringBuilder(street);
        if (number != null) {
            s.append(' ').append(number);
        }
        if (!locality.isEmpty()) {
            s.append(", ").append(locality);
        }
        return s.toString();
    }

    static void check(@Nullable String q, int limit) {
        long letters = q == null ? 0 : q.codePoints().filter(Character::isLetterOrDigit).count();
        if (q == null || letters < MIN_LETTERS) {
            throw new InvalidInputException("q", q, "type at least " + MIN_LETTERS + " letters or digits of the address");
        }
        if (q.length() > MAX_QUERY) {
            throw new InvalidInputException("q", q.substring(0, 40) + "…", "is longer than " + MAX_QUERY + " characters");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", limit, "must be between 1 and " + MAX_LIMIT);
        }
    }

    private static String escape(String word) {
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
