package org.fieldplan.api.desk;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The desk list as CSV rows (RFC 4180: commas, CRLF, quotes doubled; cells that a spreadsheet would run as a formula are quoted with a leading apostrophe). */
final class DeskCsv {

    static final String HEADER = "id,number,status,customer,phone,address,zone_id,zone,technician_id,technician,"
            + "source,priority,deadline,overdue,forgotten,created_at,window_start,window_end,version\r\n";

    private DeskCsv() {}

    static String row(DeskRequests.Item i) {
        List<String> cells = new ArrayList<>();
        cells.add(Long.toString(i.id()));
        cells.add(i.number());
        cells.add(i.status());
        cells.add(i.customerName());
        cells.add(i.phone());
        cells.add(i.addressLine());
        cells.add(i.zoneId() == null ? "" : i.zoneId().toString());
        cells.add(i.zoneName());
        cells.add(i.technicianId() == null ? "" : i.technicianId().toString());
        cells.add(i.technicianName());
        cells.add(i.source());
        cells.add(Integer.toString(i.priority()));
        cells.add(time(i.deadline()));
        cells.add(Boolean.toString(i.overdue()));
        cells.add(Boolean.toString(i.forgotten()));
        cells.add(time(i.createdAt()));
        cells.add(time(i.windowStart()));
        cells.add(time(i.windowEnd()));
        cells.add(Integer.toString(i.version()));
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                s.append(',');
            }
            s.append(cell(cells.get(c)));
        }
        return s.append("\r\n").toString();
    }

    static String cell(@Nullable String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        String text = v;
        if ("=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !text.matches("[-+]?[0-9].*")) {
            text = "'" + text; // no formula injection in a spreadsheet
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") || !text.equals(v)) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static String time(@Nullable OffsetDateTime t) {
        return t == null ? "" : t.toString();
    }
}
