package org.fieldplan.api.sheet;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.fieldplan.api.sheet.RouteSheets.SheetTexts;

/** The route sheet as XHTML: an A4 print layout, the same markup for the browser and for the PDF renderer. */
final class RouteSheetPage {

    private RouteSheetPage() {}

    private static final String CSS = """
            @page { size: A4; margin: 12mm 11mm 14mm 11mm; }
            * { box-sizing: border-box; }
            body { font-family: 'DejaVu Sans', system-ui, sans-serif; font-size: 10pt; color: #111; margin: 0; }
            header { display: block; border-bottom: 2px solid #1f4e79; padding-bottom: 4mm; margin-bottom: 4mm; }
            h1 { font-size: 16pt; margin: 0 0 2mm 0; color: #1f4e79; }
            .facts { width: 100%; border-collapse: collapse; }
            .facts td { padding: 1mm 3mm 1mm 0; vertical-align: top; }
            .facts .k { color: #555; font-size: 8.5pt; }
            .map { width: 100%; margin: 0 0 4mm 0; border: 1px solid #c9d2dc; }
            .route-map { display: block; width: 100%; height: auto; }
            table.stops { width: 100%; border-collapse: collapse; }
            table.stops th { text-align: left; font-size: 8.5pt; color: #555; border-bottom: 1px solid #999; padding: 1.5mm 1mm; }
            table.stops td { border-bottom: 1px solid #ccc; padding: 2mm 1mm; vertical-align: top; }
            tr.stop { page-break-inside: avoid; break-inside: avoid; }
            .n { font-size: 14pt; font-weight: bold; color: #1f4e79; width: 9mm; }
            .reg { font-weight: bold; }
            .small { font-size: 8.5pt; color: #333; }
            .check { width: 6mm; height: 6mm; border: 1.5px solid #222; display: inline-block; }
            .sign { border-bottom: 1px solid #222; height: 9mm; margin-top: 2mm; font-size: 7.5pt; color: #666; }
            ul { margin: 0; padding-left: 4mm; }
            @media screen { body { max-width: 210mm; margin: 8mm auto; padding: 0 6mm; } }
            """;

    static String render(RouteSheet sheet, SheetTexts t, boolean forPdf) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.forLanguageTag(t.lang()));
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(t.lang()).append("\"><head>")
                .append("<meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<title>").append(e(t.title() + " · " + sheet.technicianName() + " · " + sheet.day())).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>");
        h.append("<header><h1>").append(e(t.title())).append("</h1><table class=\"facts\"><tr>")
                .append(fact(t.technician(), sheet.technicianName() + (sheet.technicianPhone() == null ? "" : ", " + sheet.technicianPhone())))
                .append(fact(t.day(), sheet.day().format(day)))
                .append(fact(t.shift(), sheet.shiftStart() + "–" + sheet.shiftEnd()))
                .append("</tr><tr>")
                .append(fact(t.visits(), String.valueOf(sheet.stops().size())))
                .append(fact(t.travel(), sheet.travelMinutes() + " " + t.minutes() + ", "
                        + String.format(Locale.ROOT, "%.1f", sheet.distanceKm()) + " " + t.km()))
                .append(fact(t.status(), org.fieldplan.api.planning.route.RouteStatus.PUBLISHED.code().equals(sheet.status()) ? t.published() : t.draft()))
                .append("</tr></table></header>");
        h.append("<div class=\"map\">").append(sheet.mapSvg()).append("</div>");
        h.append("<table class=\"stops\"><thead><tr><th>#</th><th>").append(e(t.arrival())).append(" / ").append(e(t.window()))
                .append("</th><th>").append(e(t.address())).append(" · ").append(e(t.customer())).append("</th><th>")
                .append(e(t.services())).append(" · ").append(e(t.notes())).append("</th><th>").append(e(t.done()))
                .append("</th></tr></thead><tbody>");
        for (RouteSheet.Stop s : sheet.stops()) {
            h.append("<tr class=\"stop\" data-request=\"").append(e(s.registrationNumber())).append("\"><td class=\"n\">")
                    .append(s.number()).append("</td><td><b>").append(s.arrival()).append("</b><br/><span class=\"small\">")
                    .append(s.windowStart() == null ? e(t.anyTime()) : s.windowStart() + "–" + s.windowEnd())
                    .append("</span><br/><span class=\"small\">+").append(s.travelMinutes()).append(' ').append(e(t.minutes()))
                    .append("</span></td><td><span class=\"reg\">").append(e(s.registrationNumber())).append("</span><br/>")
                    .append(e(s.address())).append("<br/>").append(e(s.customer()));
            if (!s.alongside().isEmpty()) {
                // work for a team: who else starts here at the same time
                h.append("<br/><b class=\"with\">").append(e(t.with() + ": " + String.join(", ", s.alongside())))
                        .append("</b>");
            }
            for (String c : s.contacts()) {
                h.append("<br/><span class=\"small\">").append(e(c)).append("</span>");
            }
            h.append("</td><td><ul>");
            for (String service : s.services()) {
                h.append("<li>").append(e(service)).append("</li>");
            }
            h.append("</ul>");
            for (String note : s.comments()) {
                h.append("<div class=\"small\">").append(e(note)).append("</div>");
            }
            h.append("</td><td><span class=\"check\"></span><div class=\"sign\">").append(e(t.signature()))
                    .append("</div></td></tr>");
        }
        h.append("</tbody></table></body></html>");
        return h.toString();
    }

    private static String fact(String key, String value) {
        return "<td><div class=\"k\">" + e(key) + "</div><div>" + e(value) + "</div></td>";
    }

    private static String e(String s) {
        return Html.escape(s);
    }
}
