package org.fieldplan.api.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The card's rule check in Russian and English: each sentence the engine words (RouteRules.violations; the window
 * sentence as RouteEditorTest has it) is recognised by its rule and worded again from the real message bundles.
 */
class RuleTextsTest {

    private static final Locale RU = Locale.forLanguageTag("ru");

    private final RuleTexts texts = new RuleTexts(bundles());

    private static ResourceBundleMessageSource bundles() {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasename("messages");
        m.setDefaultEncoding("UTF-8");
        m.setFallbackToSystemLocale(false);
        return m;
    }

    /** The engine's sentences, with a visit label and technician names as the board gives them. */
    private static final List<String> ENGINE = List.of(
            "Technician anna lacks skill [gas, water] for Visit tight",
            "Visit 2026-000041 at 17:30 is outside Anna Borg's zone schedule (Mosta & Naxxar 08:00–12:00, Rabat 13:00–17:00)",
            "Visit tight: Technician anna arrives 09:10, after the promised window 08:00–08:45",
            "Visit 2026-000041 ends 19:10, after its deadline",
            "Anna Borg's route ends 18:40, after the shift's end 17:00",
            "Anna Borg's route has a leg no road connects",
            "Anna Borg gets no lunch break in time",
            "Anna Borg's route carries 14, over the capacity 12");

    @Test
    void everyRuleOfTheEngineIsRecognisedWithItsValues() {
        assertThat(ENGINE.stream().map(s -> RuleTexts.recognise(s).code()).toList()).containsExactly("skill",
                "zone-schedule", "window", "deadline", "shift-end", "unreachable", "lunch", "capacity");
        assertThat(RuleTexts.recognise(ENGINE.get(2)).values())
                .containsExactly("Visit tight", "Technician anna", "09:10", "08:00", "08:45");
        assertThat(RuleTexts.recognise(ENGINE.get(1)).values()).containsExactly("Visit 2026-000041", "17:30", "Anna Borg",
                "Mosta & Naxxar 08:00–12:00, Rabat 13:00–17:00");
        assertThat(RuleTexts.recognise("Something new the engine says")).isNull();
    }

    @Test
    void inRussianEachRuleIsNamedAndExplainedWithTheSameValues() {
        List<String> ru = texts.translate(ENGINE, RU);
        assertThat(ru).containsExactly(
                "Навык: У мастера Technician anna нет навыка [gas, water] для заявки Visit tight",
                "Расписание зон: Заявка Visit 2026-000041 в 17:30 вне расписания зон мастера Anna Borg "
                        + "(Mosta & Naxxar 08:00–12:00, Rabat 13:00–17:00)",
                "Обещанное окно: Заявка Visit tight: мастер Technician anna приедет в 09:10, позже обещанного окна 08:00–08:45",
                "Срок: Заявка Visit 2026-000041 заканчивается в 19:10, позже срока",
                "Конец смены: Маршрут мастера Anna Borg заканчивается в 18:40, после конца смены в 17:00",
                "Дороги: В маршруте мастера Anna Borg есть переезд, который не соединяет ни одна дорога",
                "Обеденный перерыв: Мастер Anna Borg не успевает на обеденный перерыв",
                "Вместимость: Маршрут мастера Anna Borg везёт 14, больше вместимости 12");
    }

    @Test
    void inEnglishTheEnginesWordsComeBackAfterTheRulesName() {
        List<String> en = texts.translate(ENGINE, Locale.ENGLISH);
        for (int i = 0; i < ENGINE.size(); i++) {
            assertThat(en.get(i)).endsWith(": " + ENGINE.get(i));
        }
        assertThat(en.get(4)).isEqualTo("Shift end: Anna Borg's route ends 18:40, after the shift's end 17:00");
    }

    /** The team rules as RouteRules.groupViolations words them (RouteRulesGroupTest has the same sentences). */
    private static final List<String> TEAM = List.of(
            "Visit yard: Anna Borg would be 2 of the team of 2 (team rule: each member of a team visit needs a different technician)",
            "Visit yard: 1 of the team of 3 would be planned (team rule: a team visit is planned for all its members or none)",
            "Visit yard: Emil Spiteri starts 10:20, not with the team at 10:00 (team rule: every member starts at the common start)",
            "the visit is pinned; unpin it first");

    @Test
    void theTeamRulesAreRecognisedAndWordedInRussian() {
        assertThat(TEAM.stream().map(s -> RuleTexts.recognise(s).code()).toList())
                .containsExactly("team-technician", "team-partly", "team-start", "pinned");
        assertThat(RuleTexts.recognise(TEAM.get(2)).values()).containsExactly("Visit yard", "Emil Spiteri", "10:20", "10:00");
        assertThat(texts.translate(TEAM, RU)).containsExactly(
                "Бригада (у каждого свой мастер): Заявка Visit yard: мастер Anna Borg занял бы 2 места в бригаде из 2",
                "Бригада (все или никто): Заявка Visit yard: запланировано было бы 1 из бригады в 3",
                "Бригада (общее начало): Заявка Visit yard: мастер Emil Spiteri начинает в 10:20, а не вместе с бригадой в 10:00",
                "Закреплено: визит закреплён; сначала открепите его");
        assertThat(texts.translate(TEAM.subList(2, 3), Locale.ENGLISH))
                .containsExactly("Team (common start): Visit yard: Emil Spiteri starts 10:20, not with the team at 10:00");
    }

    @Test
    void aSentenceTheDeskDoesNotKnowIsShownAsTheEngineWroteIt() {
        assertThat(texts.translate(List.of("Anna Borg needs a ladder"), RU)).containsExactly("Anna Borg needs a ladder");
    }
}
