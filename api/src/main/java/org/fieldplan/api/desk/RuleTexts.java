package org.fieldplan.api.desk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The hard-rule check's answer in the reader's language. The engine ({@code RouteRules.violations}) words each broken
 * rule in English; the desk recognises each wording by its rule code (skill, zone schedule, promised window, deadline,
 * shift end, unreachable leg, lunch break, capacity; the team rules of a visit for several technicians; a pinned visit), takes its values (technician, visit, times, numbers) and words it
 * again from {@code messages*.properties} ({@code rule.CODE}, English and Russian). A wording it does not know (a rule
 * added to the engine later) is shown as the engine wrote it.
 */
@Component
public class RuleTexts {

    /** One broken rule: its code and the values the engine named, in the order of {@code rule.CODE}'s {0}, {1}, .... */
    public record Rule(String code, List<String> values) {}

    private record Wording(String code, Pattern pattern) {}

    private static final String HM = "(\\d{2}:\\d{2})";

    /** RouteRules' sentences, most specific first (a visit's label or a name may hold any text). */
    private static final List<Wording> WORDINGS = List.of(
            // the team rules (RouteRules.groupViolations) and a pinned visit (the board's move check)
            new Wording("team-technician", Pattern.compile("(.+): (.+) would be (\\d+) of the team of (\\d+) \\(team rule: [^)]*\\)", Pattern.DOTALL)),
            new Wording("team-partly", Pattern.compile("(.+): (\\d+) of the team of (\\d+) would be planned \\(team rule: [^)]*\\)", Pattern.DOTALL)),
            new Wording("team-start", Pattern.compile("(.+): (.+) starts " + HM + ", not with the team at " + HM + " \\(team rule: [^)]*\\)", Pattern.DOTALL)),
            new Wording("pinned", Pattern.compile("the visit is pinned; unpin it first")),
            new Wording("skill", Pattern.compile("(.+) lacks skill \\[(.*)\\] for (.+)", Pattern.DOTALL)),
            new Wording("zone-schedule", Pattern.compile("(.+) at " + HM + " is outside (.+)'s zone schedule \\((.*)\\)", Pattern.DOTALL)),
            new Wording("window", Pattern.compile("(.+): (.+) arrives " + HM + ", after the promised window " + HM + "–" + HM, Pattern.DOTALL)),
            new Wording("shift-end", Pattern.compile("(.+)'s route ends " + HM + ", after the shift's end " + HM, Pattern.DOTALL)),
            new Wording("unreachable", Pattern.compile("(.+)'s route has a leg no road connects", Pattern.DOTALL)),
            new Wording("lunch", Pattern.compile("(.+) gets no lunch break in time", Pattern.DOTALL)),
            new Wording("capacity", Pattern.compile("(.+)'s route carries (\\d+), over the capacity (\\d+)", Pattern.DOTALL)),
            new Wording("deadline", Pattern.compile("(.+) ends " + HM + ", after its deadline", Pattern.DOTALL)));

    private final MessageSource messages;

    RuleTexts(MessageSource messages) {
        this.messages = messages;
    }

    /** The rule the engine's sentence words, or null when it is not one the desk knows. */
    public static @Nullable Rule recognise(String sentence) {
        for (Wording w : WORDINGS) {
            Matcher m = w.pattern().matcher(sentence);
            if (m.matches()) {
                List<String> values = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    values.add(m.group(g));
                }
                return new Rule(w.code(), List.copyOf(values));
            }
        }
        return null;
    }

    /**
     * Each sentence in {@code locale}'s words, after the rule's name ("Deadline: …", "Срок: …"); one the desk does not
     * recognise, as the engine wrote it.
     */
    public List<String> translate(List<String> sentences, Locale locale) {
        List<String> out = new ArrayList<>(sentences.size());
        for (String s : sentences) {
            Rule rule = recognise(s);
            if (rule == null) {
                out.add(s);
                continue;
            }
            String text = messages.getMessage("rule." + rule.code(), rule.values().toArray(), s, locale);
            String name = messages.getMessage("rule." + rule.code() + ".name", null, null, locale);
            out.add(name == null ? text : name + ": " + text);
        }
        return out;
    }
}
