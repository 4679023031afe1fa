package org.fieldplan.api.booking;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fieldplan.geo.road.StreetPoint;

/**
 * The street names of the map prepared once for address suggestions: names folded (case, accents, hyphens and
 * apostrophes ignored), kept in name order, and an inverted index from every two- and three-letter piece of a folded
 * name to the streets that contain it. A query reads the posting lists of its words' pieces (the shortest first),
 * checks only those candidates, and stops at the limit: it never folds or sorts every street.
 */
final class StreetIndex {

    /** What a query looked at, for tests and logs: how many candidates were checked. */
    record Found(List<StreetPoint> streets, int candidatesChecked) {}

    private static final int[] NONE = new int[0];

    private final StreetPoint[] streets;
    private final String[] folded;
    private final Map<String, int[]> postings;

    StreetIndex(List<StreetPoint> all) {
        StreetPoint[] sorted = all.toArray(StreetPoint[]::new);
        Arrays.sort(sorted, Comparator.comparing(StreetPoint::name));
        this.streets = sorted;
        this.folded = new String[sorted.length];
        Map<String, List<Integer>> building = new HashMap<>();
        for (int i = 0; i < sorted.length; i++) {
            String f = fold(sorted[i].name());
            folded[i] = f;
            for (int n = 2; n <= 3; n++) {
                for (int at = 0; at + n <= f.length(); at++) {
                    List<Integer> list = building.computeIfAbsent(f.substring(at, at + n), k -> new ArrayList<>());
                    if (list.isEmpty() || list.getLast() != i) {
                        list.add(i);
                    }
                }
            }
        }
        Map<String, int[]> done = new HashMap<>(building.size() * 2);
        building.forEach((k, v) -> done.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.postings = done;
    }

    int size() {
        return streets.length;
    }

    /**
     * Streets whose folded name contains every word of the folded query; those starting with the first word first,
     * each group in name order; at most {@code limit}.
     */
    Found find(String query, int limit) {
        String q = fold(query);
        if (q.isEmpty()) {
            return new Found(List.of(), 0);
        }
        String[] words = q.split("\\s+");
        int[] candidates = null;
        for (String w : words) {
            int[] list = w.length() == 1 ? null : postings.getOrDefault(w.length() == 2 ? w : shortestPiece(w), NONE);
            if (list != null && (candidates == null || list.length < candidates.length)) {
                candidates = list;
            }
        }
        if (candidates == null) { // only one-letter words: nothing selective to look up
            return new Found(List.of(), 0);
        }
        String first = words[0];
        List<StreetPoint> starting = new ArrayList<>();
        List<StreetPoint> containing = new ArrayList<>();
        int checked = 0;
        for (int i : candidates) {
            if (starting.size() >= limit) {
                break;
            }
            checked++;
            String name = folded[i];
            boolean every = true;
            for (String w : words) {
                if (!name.contains(w)) {
                    every = false;
                    break;
                }
            }
            if (!every) {
                continue;
            }
            if (name.startsWith(first)) {
                starting.add(streets[i]);
            } else if (containing.size() < limit) {
                containing.add(streets[i]);
            }
        }
        List<StreetPoint> out = new ArrayList<>(starting);
        for (StreetPoint s : containing) {
            if (out.size() == limit) {
                break;
            }
            out.add(s);
        }
        return new Found(out, checked);
    }

    /** The three-letter piece of {@code word} with the fewest streets. */
    private String shortestPiece(String word) {
        String best = word.substring(0, 3);
        int bestSize = Integer.MAX_VALUE;
        for (int at = 0; at + 3 <= word.length(); at++) {
            String piece = word.substring(at, at + 3);
            int size = postings.getOrDefault(piece, NONE).length;
            if (size < bestSize) {
                best = piece;
                bestSize = size;
            }
        }
        return best;
    }

    static String fold(String text) {
        return Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replace('-', ' ').replace('\'', ' ').strip();
    }
}
