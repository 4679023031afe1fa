package org.fieldplan.api.sheet;

import java.util.List;
import java.util.Locale;
import org.fieldplan.engine.travel.GeoPoint;

/**
 * Draws a route as SVG: zone outlines, the road polyline, numbered stops and the start; an equirectangular projection
 * around the drawing's middle latitude (distances true to scale in both directions at city size), a scale bar.
 */
final class RouteMapSvg {

    static final int WIDTH = 1000;
    static final int HEIGHT = 620;
    private static final int PAD = 30;
    private static final double METRES_PER_DEGREE = 111_195;

    private final double minLat;
    private final double minLon;
    private final double scale; // pixels per metre
    private final double cosLat;
    private final double offsetX;
    private final double offsetY;

    /** A projection that fits every point of {@code extent} into the drawing. */
    RouteMapSvg(List<GeoPoint> extent) {
        double loLat = Double.MAX_VALUE, hiLat = -Double.MAX_VALUE, loLon = Double.MAX_VALUE, hiLon = -Double.MAX_VALUE;
        for (GeoPoint p : extent) {
            loLat = Math.min(loLat, p.lat());
            hiLat = Math.max(hiLat, p.lat());
            loLon = Math.min(loLon, p.lon());
            hiLon = Math.max(hiLon, p.lon());
        }
        if (extent.isEmpty()) {
            loLat = hiLat = 0;
            loLon = hiLon = 0;
        }
        this.minLat = loLat;
        this.minLon = loLon;
        this.cosLat = Math.cos(Math.toRadians((loLat + hiLat) / 2));
        double widthM = Math.max(200, (hiLon - loLon) * METRES_PER_DEGREE * cosLat);
        double heightM = Math.max(200, (hiLat - loLat) * METRES_PER_DEGREE);
        this.scale = Math.min((WIDTH - 2.0 * PAD) / widthM, (HEIGHT - 2.0 * PAD) / heightM);
        this.offsetX = (WIDTH - ((hiLon - loLon) * METRES_PER_DEGREE * cosLat) * scale) / 2;
        this.offsetY = (HEIGHT - ((hiLat - loLat) * METRES_PER_DEGREE) * scale) / 2;
    }

    double x(double lon) {
        return offsetX + (lon - minLon) * METRES_PER_DEGREE * cosLat * scale;
    }

    double y(double lat) {
        return HEIGHT - (offsetY + (lat - minLat) * METRES_PER_DEGREE * scale);
    }

    /**
     * @param zones  outlines (closed rings) with their names
     * @param lats   the road polyline
     * @param stops  the stops in visit order (numbered from 1)
     * @param home   where the day starts and ends
     */
    String draw(List<Zone> zones, double[] lats, double[] lons, List<GeoPoint> stops, GeoPoint home, String label) {
        return draw(List.of(), zones, lats, lons, stops, home, label);
    }

    /** ... over {@code streets} (the base map's roads around the route; none without a base map). */
    String draw(List<Street> streets, List<Zone> zones, double[] lats, double[] lons, List<GeoPoint> stops, GeoPoint home,
            String label) {
        return draw(streets, zones, lats, lons, stops, home, label, null);
    }

    /** ... with a QR code of {@code qrLink} in the top right corner (none when null). */
    String draw(List<Street> streets, List<Zone> zones, double[] lats, double[] lons, List<GeoPoint> stops, GeoPoint home,
            String label, @org.jspecify.annotations.Nullable String qrLink) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"route-map\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"100%\" role=\"img\" aria-label=\"").append(Html.escape(label)).append("\">");
        svg.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" fill=\"#f7f9fb\" stroke=\"#c9d2dc\"/>");
        if (!streets.isEmpty()) {
            svg.append("<g class=\"streets\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">");
            for (Street street : streets) {
                boolean major = switch (street.kind()) {
                    case "motorway", "trunk", "primary", "secondary" -> true;
                    default -> false;
                };
                svg.append("<polyline points=\"");
                for (int i = 0; i < street.lats().length; i++) {
                    svg.append(i == 0 ? "" : " ").append(f(x(street.lons()[i]))).append(',').append(f(y(street.lats()[i])));
                }
                svg.append("\" stroke=\"").append(major ? "#c7bba9" : "#d9d3ca").append("\" stroke-width=\"")
                        .append(major ? "3.5" : street.kind().equals("path") ? "0.8" : "1.8").append("\"/>");
            }
            svg.append("</g>");
        }
        for (Zone zone : zones) {
            for (List<GeoPoint> ring : zone.rings()) {
                svg.append("<polygon class=\"zone\" points=\"").append(points(ring))
                        .append("\" fill=\"#e6eef7\" fill-opacity=\"0.6\" stroke=\"#5b7fa6\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>");
            }
            if (!zone.rings().isEmpty() && !zone.rings().get(0).isEmpty()) {
                GeoPoint c = zone.rings().get(0).get(0);
                svg.append("<text x=\"").append(f(x(c.lon()) + 4)).append("\" y=\"").append(f(y(c.lat()) - 4))
                        .append("\" font-size=\"16\" fill=\"#3d5f85\">").append(Html.escape(zone.name())).append("</text>");
            }
        }
        if (lats.length > 1) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < lats.length; i++) {
                line.append(i == 0 ? "" : " ").append(f(x(lons[i]))).append(',').append(f(y(lats[i])));
            }
            svg.append("<polyline class=\"road\" points=\"").append(line)
                    .append("\" fill=\"none\" stroke=\"#d9480f\" stroke-width=\"4\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
        }
        svg.append("<rect class=\"home\" x=\"").append(f(x(home.lon()) - 9)).append("\" y=\"").append(f(y(home.lat()) - 9))
                .append("\" width=\"18\" height=\"18\" fill=\"#2b7a3d\" stroke=\"#fff\" stroke-width=\"2\"/>");
        for (int i = 0; i < stops.size(); i++) {
            GeoPoint p = stops.get(i);
            svg.append("<g class=\"stop\"><circle cx=\"").append(f(x(p.lon()))).append("\" cy=\"").append(f(y(p.lat())))
                    .append("\" r=\"13\" fill=\"#1f4e79\" stroke=\"#fff\" stroke-width=\"2\"/><text x=\"").append(f(x(p.lon())))
                    .append("\" y=\"").append(f(y(p.lat()) + 5)).append("\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#fff\">")
                    .append(i + 1).append("</text></g>");
        }
        scaleBar(svg);
        if (qrLink != null) {
            qr(svg, qrLink);
        }
        // the road line (and the streets) come from OpenStreetMap: the attribution is on every sheet
        svg.append("<text class=\"attribution\" x=\"").append(WIDTH - 10).append("\" y=\"").append(HEIGHT - 10)
                .append("\" text-anchor=\"end\" font-size=\"12\" fill=\"#555\">© OpenStreetMap contributors</text>");
        return svg.append("</svg>").toString();
    }

    /** A QR code (ZXing, error correction M) on a white square, 130 px, in the top right corner. */
    private static void qr(StringBuilder svg, String link) {
        com.google.zxing.common.BitMatrix matrix;
        try {
            matrix = new com.google.zxing.qrcode.QRCodeWriter().encode(link, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
                    java.util.Map.of(com.google.zxing.EncodeHintType.MARGIN, 2,
                            com.google.zxing.EncodeHintType.ERROR_CORRECTION, com.google.zxing.qrcode.decoder.ErrorCorrectionLevel.M));
        } catch (com.google.zxing.WriterException e) {
            return;                                          // a link too long for a QR code: the sheet goes without
        }
        int size = 130;
        int n = matrix.getWidth();
        double x0 = WIDTH - size - 10, y0 = 10, cell = (double) size / n;
        svg.append("<g class=\"qr\"><rect x=\"").append(f(x0)).append("\" y=\"").append(f(y0)).append("\" width=\"")
                .append(size).append("\" height=\"").append(size).append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                if (matrix.get(col, row)) {
                    svg.append('M').append(f(x0 + col * cell)).append(' ').append(f(y0 + row * cell))
                            .append("h").append(f(cell + 0.05)).append("v").append(f(cell + 0.05)).append("h-")
                            .append(f(cell + 0.05)).append('z');
                }
            }
        }
        svg.append("\"/></g>");
    }

    private void scaleBar(StringBuilder svg) {
        double target = (WIDTH / 5.0) / scale; // metres for a fifth of the width
        double nice = 1;
        for (double step : new double[] {50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000}) {
            if (step <= target) {
                nice = step;
            }
        }
        double length = nice * scale;
        int x0 = 20;
        int y0 = HEIGHT - 20;
        svg.append("<g class=\"scale\"><line x1=\"").append(x0).append("\" y1=\"").append(y0).append("\" x2=\"")
                .append(f(x0 + length)).append("\" y2=\"").append(y0).append("\" stroke=\"#222\" stroke-width=\"3\"/>")
                .append("<text x=\"").append(x0).append("\" y=\"").append(y0 - 8).append("\" font-size=\"14\" fill=\"#222\">")
                .append(nice >= 1000 ? (nice / 1000 == Math.floor(nice / 1000) ? String.valueOf((int) (nice / 1000)) : String.valueOf(nice / 1000)) + " km"
                        : (int) nice + " m").append("</text></g>");
    }

    private String points(List<GeoPoint> ring) {
        StringBuilder out = new StringBuilder();
        for (GeoPoint p : ring) {
            out.append(out.isEmpty() ? "" : " ").append(f(x(p.lon()))).append(',').append(f(y(p.lat())));
        }
        return out.toString();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A street of the base map in degrees, with its road class (motorway, ..., minor, service, path). */
    record Street(String kind, double[] lats, double[] lons) {}

    /** The zoom whose tiles suit the drawing: about one tile pixel per drawing pixel, 12 to 14. */
    int zoom() {
        double metresPerPixel = 1 / scale;
        double z = Math.log(40_075_016 * cosLat / 256 / metresPerPixel) / Math.log(2);
        return (int) Math.max(12, Math.min(14, Math.round(z)));
    }

    /** The drawing's box in degrees: south, west, north, east. */
    double[] box() {
        double south = minLat - offsetY / scale / METRES_PER_DEGREE;
        double west = minLon - offsetX / scale / METRES_PER_DEGREE / cosLat;
        return new double[] {south, west, south + HEIGHT / scale / METRES_PER_DEGREE,
                west + WIDTH / scale / METRES_PER_DEGREE / cosLat};
    }

    /** A zone's outline. */
    record Zone(String name, List<List<GeoPoint>> rings) {}
}
