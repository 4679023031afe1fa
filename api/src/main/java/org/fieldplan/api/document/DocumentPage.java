package org.fieldplan.api.document;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import org.fieldplan.api.price.Money;
import org.jspecify.annotations.Nullable;

/** The XHTML of a specification or an act, in English or Russian (the PDF renderer reads it as it is). */
final class DocumentPage {

    private DocumentPage() {}

    record Content(DocumentKind kind, int number, DocumentState state, String registrationNumber, String customer,
                   String address, List<DocumentView.Line> lines, BigDecimal total, boolean from, String currency,
                   @Nullable String conditions, @Nullable LocalDate validUntil, LocalDate issuedOn, String issuedBy,
                   Texts texts) {}

    /** The words of the documents in one language. */
    record Texts(String lang, String specification, String act, String request, String customer, String address,
                 String issued, String service, String quantity, String unitPrice, String lineTotal, String total,
                 String conditions, String validUntil, String extra, String agreed, String refused, String accepted,
                 String disputed, String superseded, String issuedState, String state, String actNote,
                 String signatureOffice, String signatureCustomer, String units) {

        static Texts of(@Nullable String lang) {
            if (lang != null && lang.toLowerCase(Locale.ROOT).startsWith("ru")) {
                return new Texts("ru", "Спецификация", "Акт выполненных работ", "Заявка", "Заказчик", "Адрес", "Дата",
                        "Работа", "Кол-во", "Цена", "Сумма", "Итого", "Условия", "Предложение действует до",
                        "доп. услуга", "согласована", "отклонена", "принят", "оспорен", "заменена новой версией",
                        "выставлен(а)", "Статус",
                        "Работы выполнены в полном объёме по ценам согласованной спецификации.",
                        "Исполнитель", "Заказчик", "шт.|ч|м²|м|выезд");
            }
            return new Texts("en", "Specification", "Act of completed work", "Request", "Customer", "Address", "Date",
                    "Service", "Qty", "Unit price", "Amount", "Total", "Conditions", "Offer valid until", "extra service",
                    "agreed", "refused", "accepted", "disputed", "superseded by a newer version", "issued", "Status",
                    "The work listed was carried out at the prices of the agreed specification.",
                    "Contractor", "Customer", "pcs|h|m²|m|visit");
        }

        String unit(String code) {
            String[] u = units.split("\\|");
            return switch (code) {
                case "piece" -> u[0];
                case "hour" -> u[1];
                case "m2" -> u[2];
                case "m" -> u[3];
                case "visit" -> u[4];
                default -> code;
            };
        }

        String state(DocumentState s) {
            return switch (s) {
                case ISSUED -> issuedState;
                case AGREED -> agreed;
                case REFUSED -> refused;
                case ACCEPTED -> accepted;
                case DISPUTED -> disputed;
                case SUPERSEDED -> superseded;
            };
        }
    }

    static String xhtml(Content c) {
        Texts t = c.texts();
        String lang = t.lang();
        String title = (c.kind() == DocumentKind.SPECIFICATION ? t.specification() : t.act()) + (lang.equals("ru") ? " № " : " No. ") + c.number();
        DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Money.locale(lang));
        StringBuilder h = new StringBuilder(4096);
        h.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(lang)
                .append("\"><head><meta charset=\"UTF-8\"/><title>").append(esc(title)).append("</title><style>")
                .append("@page{size:A4;margin:18mm 15mm}body{font-family:'DejaVu Sans',sans-serif;font-size:10pt;color:#111}")
                .append("h1{font-size:16pt;margin:0 0 4mm 0}table{border-collapse:collapse;width:100%}")
                .append("th,td{border:0.5pt solid #888;padding:1.5mm 2mm;vertical-align:top}th{background:#eee;text-align:left}")
                .append("td.n{text-align:right;white-space:nowrap}.meta td{border:none;padding:0.5mm 2mm 0.5mm 0}")
                .append(".total td{font-weight:bold}.small{font-size:8pt;color:#555}.sign{margin-top:14mm}")
                .append(".sign td{border:none;width:50%;padding-top:10mm}</style></head><body>");
        h.append("<h1>").append(esc(title)).append("</h1><table class=\"meta\">");
        row(h, t.request(), c.registrationNumber());
        row(h, t.customer(), c.customer());
        row(h, t.address(), c.address());
        row(h, t.issued(), dates.format(c.issuedOn()) + " (" + c.issuedBy() + ")");
        row(h, t.state(), t.state(c.state()));
        if (c.validUntil() != null) {
            row(h, t.validUntil(), dates.format(c.validUntil()));
        }
        h.append("</table><p></p><table><thead><tr><th>#</th><th>").append(esc(t.service())).append("</th><th>")
                .append(esc(t.quantity())).append("</th><th>").append(esc(t.unitPrice())).append("</th><th>")
                .append(esc(t.lineTotal())).append("</th></tr></thead><tbody>");
        int n = 1;
        for (DocumentView.Line l : c.lines()) {
            h.append("<tr><td>").append(n++).append("</td><td>").append(esc(l.serviceTypeName()));
            if (l.extra()) {
                h.append(" <span class=\"small\">(").append(esc(t.extra())).append(")</span>");
            }
            if (!l.modifiers().isEmpty()) {
                h.append("<div class=\"small\">").append(esc(String.join("; ", l.modifiers()))).append("</div>");
            }
            h.append("</td><td class=\"n\">").append(l.quantity()).append(' ').append(esc(t.unit(l.unit())))
                    .append("</td><td class=\"n\">").append(esc(org.fieldplan.api.price.Money.total(l.unitPrice(), l.from(), c.currency(), lang)))
                    .append("</td><td class=\"n\">").append(esc(Money.total(l.lineTotal(), l.from(), c.currency(), lang)))
                    .append("</td></tr>");
        }
        h.append("<tr class=\"total\"><td></td><td colspan=\"3\">").append(esc(t.total())).append("</td><td class=\"n\">")
                .append(esc(Money.total(c.total(), c.from(), c.currency(), lang))).append("</td></tr></tbody></table>");
        if (c.conditions() != null) {
            h.append("<p><b>").append(esc(t.conditions())).append(":</b> ").append(esc(c.conditions())).append("</p>");
        }
        if (c.kind() == DocumentKind.ACT) {
            h.append("<p>").append(esc(t.actNote())).append("</p>");
        }
        h.append("<table class=\"sign\"><tr><td>").append(esc(t.signatureOffice())).append(": ____________</td><td>")
                .append(esc(t.signatureCustomer())).append(": ____________</td></tr></table></body></html>");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><td>").append(esc(label)).append(":</td><td>").append(esc(value)).append("</td></tr>");
    }

    static String esc(String text) {
        return org.fieldplan.api.sheet.Html.escape(text);
    }
}
