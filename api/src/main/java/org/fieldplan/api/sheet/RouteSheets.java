package org.fieldplan.api.sheet;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_CONTACT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_COMMENT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.planning.RouteStore;
import org.fieldplan.api.planning.RouteView;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.geo.road.RouteGeometry;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds route sheets from the stored route: who may see one (the technician themself, a dispatcher of a zone the
 * route visits, an administrator; anyone else gets "not found"), the stops with everything the technician needs at
 * the door, the map, and the page and PDF in English or Russian.
 */
@Service
public class RouteSheets {

    /** The DejaVu fonts Debian installs (package fonts-dejavu-core): Latin and Cyrillic in the PDF. */
    static final File FONT = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    static final File FONT_BOLD = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");

    private final DSLContext db;
    private final RouteStore routes;
    private final RoadMap roadMap;
    private final ZoneId timeZone;
    private final ZoneScope scope;

    private final org.fieldplan.api.map.BaseMapTiles baseMap;

    public RouteSheets(DSLContext db, RouteStore routes, RoadMap roadMap, FieldPlanProperties properties, ZoneScope scope,
            org.fieldplan.api.map.BaseMapTiles baseMap) {
        this.baseMap = baseMap;
        this.scope = scope;
        this.db = db;
        this.routes = routes;
        this.roadMap = roadMap;
        this.timeZone = properties.timeZone();
    }

    @Transactional(readOnly = true)
    public String html(long technicianId, LocalDate day, String lang, CurrentUser user) {
        return RouteSheetPage.render(sheet(technicianId, day, user, SheetTexts.of(lang)), SheetTexts.of(lang), false);
    }

    @Transactional(readOnly = true)
    public byte[] pdf(long technicianId, LocalDate day, String lang, CurrentUser user) {
        String xhtml = RouteSheetPage.render(sheet(technicianId, day, user, SheetTexts.of(lang)), SheetTexts.of(lang), true);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            if (FONT.isFile()) {
                builder.useFont(FONT, "DejaVu Sans");
            }
            if (FONT_BOLD.isFile()) {
                builder.useFont(FONT_BOLD, "DejaVu Sans", 700, com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.useSVGDrawer(new BatikSVGDrawer());
            builder.withHtmlContent(xhtml, "/");
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("The route sheet PDF of technician " + technicianId + " on " + day
                    + " could not be written: " + e.getMessage(), e);
        }
    }

    RouteSheet sheet(long technicianId, LocalDate day, CurrentUser user, SheetTexts texts) {
        RouteView route = routes.route(technicianId, day);
        var technician = db.select(TECHNICIAN.NAME, TECHNICIAN.PHONE, TECHNICIAN.HOME).from(TECHNICIAN)
                .where(TECHNICIAN.ID.eq(technicianId)).fetchOne();
        if (route == null || technician == null || !mayView(route, technicianId, user)) {
            throw new NotFoundException("route sheet", technicianId + "/" + day);
        }
        List<Long> requestIds = route.stops().stream().map(RouteView.Stop::requestId).toList();
        Map<Long, List<String>> services = new LinkedHashMap<>();
        db.select(SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_TYPE.NAME, SERVICE_REQUEST_ITEM.QUANTITY)
                .from(SERVICE_REQUEST_ITEM).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.in(requestIds)).orderBy(SERVICE_REQUEST_ITEM.LINE)
                .forEach(r -> services.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2() + " × " + r.value3()));
        Map<Long, List<String>> comments = new LinkedHashMap<>();
        db.select(SERVICE_REQUEST_COMMENT.REQUEST_ID, SERVICE_REQUEST_COMMENT.AUTHOR_NAME, SERVICE_REQUEST_COMMENT.BODY)
                .from(SERVICE_REQUEST_COMMENT).where(SERVICE_REQUEST_COMMENT.REQUEST_ID.in(requestIds),
                        // private comments are printed for staff only
                        user.role().isStaff() ? DSL.noCondition() : SERVICE_REQUEST_COMMENT.VISIBILITY.eq("public"))
                .orderBy(SERVICE_REQUEST_COMMENT.ID)
                .forEach(r -> comments.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2() + ": " + r.value3()));
        Map<Long, String> descriptions = new LinkedHashMap<>();
        Map<Long, List<String>> contacts = new LinkedHashMap<>();
        db.select(SERVICE_REQUEST.ID, SERVICE_REQUEST.DESCRIPTION, CUSTOMER.ID, CUSTOMER.PHONE, CUSTOMER.EMAIL)
                .from(SERVICE_REQUEST).join(CUSTOMER).on(CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                .where(SERVICE_REQUEST.ID.in(requestIds)).forEach(r -> {
                    if (r.value2() != null && !r.value2().isBlank()) {
                        descriptions.put(r.value1(), r.value2());
                    }
                    List<String> list = contacts.computeIfAbsent(r.value1(), k -> new ArrayList<>());
                    if (r.value4() != null) {
                        list.add(r.value4());
                    }
                    if (r.value5() != null) {
                        list.add(r.value5());
                    }
                    db.select(CUSTOMER_CONTACT.NAME, CUSTOMER_CONTACT.ROLE, CUSTOMER_CONTACT.PHONE).from(CUSTOMER_CONTACT)
                            .where(CUSTOMER_CONTACT.CUSTOMER_ID.eq(r.value3())).orderBy(CUSTOMER_CONTACT.POSITION)
                            .forEach(c -> list.add(c.value1() + (c.value2() == null ? "" : " (" + c.value2() + ")")
                                    + (c.value3() == null ? "" : " " + c.value3())));
                });
        List<RouteSheet.Stop> stops = new ArrayList<>();
        int number = 1;
        for (RouteView.Stop s : route.stops()) {
            List<String> notes = new ArrayList<>();
            if (descriptions.containsKey(s.requestId())) {
                notes.add(descriptions.get(s.requestId()));
            }
            notes.addAll(comments.getOrDefault(s.requestId(), List.of()));
            stops.add(new RouteSheet.Stop(number++, s.registrationNumber(), time(s.arrivalAt()), time(s.startAt()),
                    time(s.endAt()), s.windowStart() == null ? null : time(s.windowStart()),
                    s.windowEnd() == null ? null : time(s.windowEnd()), s.addressLine(), s.customerName(),
                    contacts.getOrDefault(s.requestId(), List.of()), services.getOrDefault(s.requestId(), List.of()),
                    notes, (int) Math.round(s.travelSeconds() / 60.0), s.alongside()));
        }
        Point home = (Point) technician.value3();
        String map = map(route, new GeoPoint(home.getY(), home.getX()), texts);
        return new RouteSheet(technician.value1(), technician.value2(), day, time(route.startsAt()), time(route.endsAt()),
                route.status().code(), (int) Math.round(route.travelSeconds() / 60.0), route.distanceMetres() / 1000.0, stops, map);
    }

    private String map(RouteView route, GeoPoint home, SheetTexts texts) {
        List<GeoPoint> path = new ArrayList<>();
        path.add(home);
        route.stops().forEach(s -> path.add(new GeoPoint(s.lat(), s.lon())));
        path.add(home);
        RouteGeometry geometry = roadMap.routeGeometry(path);
        Set<Long> zoneIds = new HashSet<>();
        route.stops().forEach(s -> {
            if (s.zoneId() != null) {
                zoneIds.add(s.zoneId());
            }
        });
        List<RouteMapSvg.Zone> zones = new ArrayList<>();
        db.select(ZONE.NAME, ZONE.AREA).from(ZONE).where(ZONE.ID.in(zoneIds)).orderBy(ZONE.ID).forEach(r -> {
            Geometry area = (Geometry) r.value2();
            List<List<GeoPoint>> rings = new ArrayList<>();
            for (int i = 0; i < area.getNumGeometries(); i++) {
                Polygon polygon = (Polygon) area.getGeometryN(i);
                List<GeoPoint> ring = new ArrayList<>();
                for (Coordinate c : polygon.getExteriorRing().getCoordinates()) {
                    ring.add(new GeoPoint(c.y, c.x));
                }
                rings.add(ring);
            }
            zones.add(new RouteMapSvg.Zone(r.value1(), rings));
        });
        List<GeoPoint> extent = new ArrayList<>(path);
        for (int i = 0; i < geometry.lats().length; i++) {
            extent.add(new GeoPoint(geometry.lats()[i], geometry.lons()[i]));
        }
        zones.forEach(z -> z.rings().forEach(extent::addAll));
        RouteMapSvg drawing = new RouteMapSvg(extent);
        return drawing.draw(streets(drawing), zones, geometry.lats(), geometry.lons(), path.subList(1, path.size() - 1),
                home, texts.mapLabel(), dayLink(route));
    }

    /** The technician's day on the phone (/field?date=...) at this service's address, for the sheet's QR code. */
    private static @org.jspecify.annotations.Nullable String dayLink(RouteView route) {
        try {
            return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
                    .path("/field").queryParam("date", route.day().toString()).build().toUriString();
        } catch (IllegalStateException noRequest) {
            return null;                                     // rendered outside a request: no address to point at
        }
    }

    /** The base map's roads under the drawing; none while the base map is not ready (or is another service's). */
    private List<RouteMapSvg.Street> streets(RouteMapSvg drawing) {
        org.fieldplan.geo.tile.BaseMap map = baseMap.own() ? baseMap.mapIfReady() : null;
        if (map == null) {
            return List.of();
        }
        double[] box = drawing.box();
        for (int zoom = drawing.zoom(); zoom >= 10; zoom--) {
            try {
                return map.lines("roads", box[0], box[1], box[2], box[3], zoom, 64).stream()
                        .map(l -> new RouteMapSvg.Street(l.kind(), l.lats(), l.lons())).toList();
            } catch (IllegalArgumentException tooManyTiles) {
                // a wide drawing: the next zoom down has a quarter of the tiles
            }
        }
        return List.of();
    }

    private boolean mayView(RouteView route, long technicianId, CurrentUser user) {
        if (user.is(Role.ADMINISTRATOR)) {
            return true;
        }
        if (user.is(Role.TECHNICIAN)) {
            return user.technicianId() != null && user.technicianId() == technicianId;
        }
        if (user.is(Role.DISPATCHER)) { // a route with a stop in their zones (ZoneScope: none without zones)
            ZoneScope.Zones own = scope.zones(user);
            return route.stops().stream().anyMatch(s -> s.zoneId() != null && own.covers(s.zoneId()));
        }
        return false;
    }

    private LocalTime time(OffsetDateTime t) {
        return t.atZoneSameInstant(timeZone).toLocalTime().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    /** The sheet's words in one language. */
    record SheetTexts(String lang, String title, String technician, String day, String shift, String visits,
            String travel, String arrival, String window, String address, String customer, String services,
            String notes, String done, String signature, String mapLabel, String status, String draft,
            String published, String minutes, String km, String anyTime, String with) {

        static SheetTexts of(@Nullable String lang) {
            if (lang != null && lang.toLowerCase(Locale.ROOT).startsWith("ru")) {
                return new SheetTexts("ru", "Маршрутный лист", "Мастер", "Дата", "Смена", "Визитов", "В пути",
                        "Приезд", "Окно", "Адрес", "Клиент", "Работы", "Комментарии", "Выполнено", "Подпись клиента",
                        "Карта маршрута", "Статус", "черновик", "опубликован", "мин", "км", "в любое время",
                        "вместе с");
            }
            return new SheetTexts("en", "Route sheet", "Technician", "Date", "Shift", "Visits", "Driving", "Arrival",
                    "Window", "Address", "Customer", "Services", "Notes", "Done", "Customer's signature", "Route map",
                    "Status", "draft", "published", "min", "km", "any time", "with");
        }
    }
}
