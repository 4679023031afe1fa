package org.fieldplan.api.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A report as CSV and as an Excel workbook, with the page's words (messages, keys {@code js.report.*}) in the caller's
 * language. Numbers stay numbers (the workbook's cells are numeric), so a spreadsheet can sum them. The workbook is
 * written with Apache POI's streaming writer (SXSSF): a long table does not sit in memory.
 */
@Component
class ReportExport {

    private final MessageSource messages;

    ReportExport(MessageSource messages) {
        this.messages = messages;
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    /** Lines of cells: the filter, then per section its figures (name, value, unit, what it counts) and its tables. */
    List<List<@Nullable Object>> lines(Reports.Report report, Locale locale) {
        List<List<@Nullable Object>> out = new ArrayList<>();
        for (Map.Entry<String, String> e : report.filter().entrySet()) {
            out.add(List.of(e.getKey(), e.getValue()));
        }
        for (Reports.Section section : report.sections()) {
            out.addAll(sectionLines(section, locale));
        }
        return out;
    }

    private List<List<@Nullable Object>> sectionLines(Reports.Section section, Locale locale) {
        List<List<@Nullable Object>> out = new ArrayList<>();
        out.add(List.of());
        out.add(List.of(text("js.report.section." + section.key(), locale)));
        for (Reports.Figure f : section.figures()) {
            List<@Nullable Object> line = new ArrayList<>();
            line.add(text("js.report.fig." + f.key(), locale));
            line.add(f.value());
            line.add(text("js.report.unit." + f.unit(), locale));
            line.add(text("js.report.about." + f.key(), locale));
            out.add(line);
        }
        for (Reports.Table t : section.tables()) {
            out.add(List.of());
            out.add(List.of(text("js.report.table." + t.key(), locale)));
            out.add(new ArrayList<>(t.columns().stream().map(c -> (Object) text("js.report.col." + c, locale)).toList()));
            for (Reports.TableRow r : t.rows()) {
                out.add(r.cells());
            }
        }
        return out;
    }

    void csv(Reports.Report report, Locale locale, OutputStream stream) throws IOException {
        Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        w.write('\uFEFF'); // spreadsheets then read it as UTF-8
        for (List<@Nullable Object> line : lines(report, locale)) {
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    w.write(',');
                }
                w.write(csvCell(line.get(i)));
            }
            w.write("\r\n");
        }
        w.flush();
    }

    static String csvCell(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof Double d ? plain(d) : String.valueOf(value);
        // a cell a spreadsheet would run as a formula is quoted with a leading apostrophe
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !(value instanceof Number)) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.startsWith("'")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    void xlsx(Reports.Report report, Locale locale, OutputStream stream) throws IOException {
        try (SXSSFWorkbook book = new SXSSFWorkbook(200)) {
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            SXSSFSheet filter = book.createSheet(text("js.report.filter", locale));
            int n = 0;
            for (Map.Entry<String, String> e : report.filter().entrySet()) {
                Row row = filter.createRow(n++);
                row.createCell(0).setCellValue(e.getKey());
                row.createCell(1).setCellValue(e.getValue());
            }
            for (Reports.Section section : report.sections()) {
                SXSSFSheet sheet = book.createSheet(text("js.report.section." + section.key(), locale));
                int r = 0;
                for (List<@Nullable Object> line : sectionLines(section, locale)) {
                    Row row = sheet.createRow(r++);
                    for (int i = 0; i < line.size(); i++) {
                        Object v = line.get(i);
                        Cell cell = row.createCell(i);
                        if (v instanceof Number num) {
                            cell.setCellValue(num.doubleValue());
                        } else if (v != null) {
                            cell.setCellValue(String.valueOf(v));
                        }
                        if (line.size() == 1 || (i == 0 && v != null && line.size() == 1)) {
                            cell.setCellStyle(bold);
                        }
                    }
                }
            }
            book.write(stream);
            book.dispose();
        }
    }
}
