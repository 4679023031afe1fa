package org.fieldplan.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The reports page in headless Chromium: a director, a head of department and an administrator each open it over a
 * month of history ({@link ReportCompany}, March 2012) and see their own scope, the number of requests received
 * counted by this test with its own SQL; a click on a bar of the intake chart (Apache ECharts, SVG) lists exactly the
 * requests of that day and source; the page in Russian on a tablet. Screenshots in {@code target/screenshots/}.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsBrowserIT {

    @Autowired DSLContext db;
    @Autowired Fixtures fixtures;
    @Value("${local.server.port}") int port;

    ReportCompany company;
    String period;

    @BeforeAll
    void aMonthOfHistory() {
        company = new ReportCompany(db, fixtures, 2012);
        period = "from=" + company.first + "&to=" + company.last;
    }

    /** Received in March in these zones, counted here: the requests' own creation times, nothing of the report code. */
    private long received(List<Long> zones) {
        var r = org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
        return db.fetchCount(r, r.ZONE_ID.in(zones), r.CREATED_AT.ge(company.first.atStartOfDay(ReportCompany.MALTA).toOffsetDateTime()),
                r.CREATED_AT.lt(company.last.plusDays(1).atStartOfDay(ReportCompany.MALTA).toOffsetDateTime()));
    }

    @Test
    void aDirectorAHeadOfDepartmentAndAnAdministratorEachSeeTheirOwnScope() {
        record Case(Login login, List<Long> zones, String scope, String shot) {
        }
        for (Case c : List.of(new Case(company.director, List.of(company.zoneA, company.zoneB), "every zone", "reports-director"),
                new Case(company.head, List.of(company.zoneA), "1 zone", "reports-head"),
                new Case(company.adminA, List.of(company.zoneA), "1 zone", "reports-administrator"))) {
            try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
                browser.login(c.login().username(), Fixtures.PASSWORD).go("/reports?" + period);
                browser.waitUntil("the report", "document.getElementById('report').dataset.loaded !== undefined");
                assertThat(browser.text("h1")).isEqualTo("Reports");
                assertThat(browser.text("#scope")).contains(c.scope());
                long expected = received(c.zones());
                assertThat(expected).isPositive();
                assertThat(browser.text("[data-figure=received] .rp-value")).as(c.login().role().code()).isEqualTo(String.valueOf(expected));
                assertThat(browser.text("[data-figure=received] .rp-about")).contains("registered in the period");
                browser.waitFor("#chart-receivedByDay svg");
                assertThat(browser.eval("document.getElementById('xlsx').getAttribute('href')").asString())
                        .isEqualTo("/api/reports.xlsx?" + period);
                browser.screenshot(c.shot(), true);
                assertThat(browser.consoleErrors()).isEmpty();
            }
        }
    }

    @Test
    void aBarOfTheIntakeChartDrillsDownToExactlyTheRequestsItCounts() {
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(company.head.username(), Fixtures.PASSWORD).go("/reports?" + period + "&source=phone");
            browser.waitUntil("the report", "document.getElementById('report').dataset.loaded !== undefined");
            browser.waitFor("#chart-receivedByDay svg path");
            assertThat(browser.value("#source")).as("the source filter from the URL").isEqualTo("phone");
            assertThat(browser.eval("echarts.getInstanceByDom(document.getElementById('chart-receivedByDay')).getOption().series.length").asInt())
                    .as("one source, one series").isEqualTo(1);
            // the tallest bar: where the chart draws it, from the chart's own axes; the mouse then clicks there
            JsonNode bar = browser.eval("(() => { const box = document.getElementById('chart-receivedByDay');"
                    + " const chart = echarts.getInstanceByDom(box); const option = chart.getOption(); const data = option.series[0].data;"
                    + " const i = data.indexOf(Math.max(...data)); const [x, y] = chart.convertToPixel({seriesIndex: 0}, [i, data[i] / 2]);"
                    + " box.scrollIntoView({block: 'center'}); const r = box.getBoundingClientRect();"
                    + " const px = r.left + x, py = r.top + y; const target = Array.from(box.querySelectorAll('path')).map(p => [p, p.getBoundingClientRect()])"
                    + ".filter(([p, b]) => b.width > 1 && b.height > 1 && b.left <= px && px <= b.right && b.top <= py && py <= b.bottom)"
                    + ".sort((a, b) => a[1].width * a[1].height - b[1].width * b[1].height).map(a => a[0])[0];"
                    + " document.querySelectorAll('[data-fp-click]').forEach(e => e.removeAttribute('data-fp-click'));"
                    + " target.setAttribute('data-fp-click', ''); return {drill: JSON.parse(box.dataset.drills)[0][i], value: data[i],"
                    + " tag: target.tagName}; })()");
            assertThat(bar.path("tag").asString()).isEqualToIgnoringCase("path");
            String drill = bar.path("drill").asString();
            LocalDate day = LocalDate.parse(drill.replaceAll(".*day=([0-9-]+).*", "$1"));
            assertThat(drill).contains("daySource=phone");
            Set<Long> expected = new TreeSet<>(db.fetch("SELECT id FROM service_request WHERE zone_id = ? AND source = 'phone'"
                    + " AND (created_at AT TIME ZONE 'Europe/Malta')::date = ?", company.zoneA, day).getValues(0, Long.class));
            assertThat(bar.path("value").asInt()).isEqualTo(expected.size());
            browser.click("[data-fp-click]");
            browser.waitFor("#drill");
            browser.waitUntil("the requests of the bar", "document.querySelectorAll('#drill-list tbody tr').length === " + expected.size());
            Set<Long> listed = new TreeSet<>();
            browser.eval("Array.from(document.querySelectorAll('#drill-list tbody tr')).map(r => Number(r.dataset.id))")
                    .forEach(n -> listed.add(n.asLong()));
            assertThat(listed).isEqualTo(expected);
            assertThat(browser.text("#drill-title")).contains("Requests behind");
            browser.screenshot("reports-drill", true);
            // a figure's own button lists its requests too
            browser.click("[data-figure=forgotten] button");
            browser.waitForText("#drill-title", "Forgotten");
        }
    }

    @Test
    void theReportsPageInRussianOnATablet() {
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(company.adminA.username(), Fixtures.PASSWORD).go("/reports?" + period);
            browser.waitUntil("the report", "document.getElementById('report').dataset.loaded !== undefined");
            assertThat(browser.text("h1")).isEqualTo("Отчёты");
            assertThat(browser.text("#section-intake h2")).isEqualTo("Приём");
            assertThat(browser.text("[data-figure=received] .rp-label")).isEqualTo("Поступило");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).as("no sideways scrolling").isTrue();
            browser.screenshot("reports-tablet-ru", true);
        }
    }
}
