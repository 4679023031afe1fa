package org.fieldplan.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The page texts live in two bundles, English and Russian. {@link java.util.Properties} keeps the last of two equal
 * keys without a word, so a key added twice by two features silently changes the first feature's text (this
 * happened: the desk's "Taken" column of intake sources read "Active" after the set-up screens reused the key). Both
 * bundles must name every key once, and the same keys, so that every text a person reads exists in both languages.
 */
class MessageBundlesTest {

    private static final List<String> BUNDLES = List.of("messages.properties", "messages_ru.properties");

    @Test
    void everyKeyIsDefinedOnce() throws IOException {
        for (String bundle : BUNDLES) {
            Map<String, List<Integer>> lines = keyLines(bundle);
            List<String> twice = new ArrayList<>();
            lines.forEach((key, at) -> {
                if (at.size() > 1) {
                    twice.add(key + " (lines " + at + ")");
                }
            });
            assertThat(twice).as("keys defined more than once in %s", bundle).isEmpty();
        }
    }

    @Test
    void englishAndRussianHaveTheSameKeys() throws IOException {
        Set<String> english = new TreeSet<>(keyLines(BUNDLES.get(0)).keySet());
        Set<String> russian = new TreeSet<>(keyLines(BUNDLES.get(1)).keySet());
        assertThat(english).as("the bundles hold texts").hasSizeGreaterThan(100);
        Set<String> onlyEnglish = new TreeSet<>(english);
        onlyEnglish.removeAll(russian);
        Set<String> onlyRussian = new TreeSet<>(russian);
        onlyRussian.removeAll(english);
        assertThat(onlyEnglish).as("keys without a Russian text").isEmpty();
        assertThat(onlyRussian).as("keys without an English text").isEmpty();
    }

    /** Key -> the line numbers that define it, read as the properties format does (comments, continuations). */
    private static Map<String, List<Integer>> keyLines(String bundle) throws IOException {
        String text;
        try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(bundle)) {
            assertThat(in).as("bundle %s on the class path", bundle).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<Integer>> keys = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        boolean continued = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            boolean startsEntry = !continued && !trimmed.isEmpty() && !trimmed.startsWith("#") && !trimmed.startsWith("!");
            if (startsEntry) {
                keys.computeIfAbsent(keyOf(trimmed), k -> new ArrayList<>()).add(i + 1);
            }
            continued = (startsEntry || continued) && endsWithOddBackslashes(line);
        }
        return keys;
    }

    private static String keyOf(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static boolean endsWithOddBackslashes(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}
