package org.fieldplan.api.zone;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE_SERVICE_TYPE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.ZoneRecord;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.api.web.Versions;
import org.fieldplan.geo.zone.ServiceZone;
import org.fieldplan.geo.zone.ZoneCollection;
import org.fieldplan.geo.zone.ZoneFormatException;
import org.fieldplan.geo.zone.ZoneGeoJson;
import org.fieldplan.geo.zone.ZoneProblem;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Zones: one transaction per command; every bad field reported at once, nothing half-written. */
@Service
public class ZoneService {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DSLContext db;

    ZoneService(DSLContext db) {
        this.db = db;
    }

    @Transactional(readOnly = true)
    public List<ZoneView> list(@Nullable String city) {
        var query = db.selectFrom(ZONE);
        List<ZoneRecord> rows = city == null ? query.orderBy(ZONE.CITY, ZONE.NAME).fetch()
                : query.where(ZONE.CITY.equalIgnoreCase(city)).orderBy(ZONE.CITY, ZONE.NAME).fetch();
        Map<Long, List<Long>> services = servicesByZone();
        return rows.stream().map(row -> view(row, services.getOrDefault(row.getId(), List.of()))).toList();
    }

    @Transactional(readOnly = true)
    public ZoneView get(long id) {
        ZoneRecord row = db.selectFrom(ZONE).where(ZONE.ID.eq(id)).fetchOne();
        if (row == null) {
            throw new NotFoundException("zone", id);
        }
        return view(row, services(id));
    }

    @Transactional
    public ZoneSaved create(ZoneInput input) {
        List<FieldProblem> problems = new ArrayList<>();
        ZoneAreas.Area area = ZoneAreas.read(input.area(), "area", problems);
        checkReferences(input, problems);
        checkNameFree(input.city(), input.name(), null, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ZoneRecord row = db.newRecord(ZONE);
        row.setName(input.name().strip());
        row.setCity(input.city().strip());
        row.setArea(area.geometry());
        row.setDispatcherId(input.dispatcherId());
        row.setActive(input.active() == null || input.active());
        row.store();
        replaceServices(row.getId(), input.serviceTypeIds());
        return new ZoneSaved(get(row.getId()), area.fixes());
    }

    @Transactional
    public ZoneSaved update(long id, ZoneInput input, @Nullable Integer expectedVersion) {
        ZoneRecord row = db.selectFrom(ZONE).where(ZONE.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("zone", id);
        }
        if (expectedVersion != null && expectedVersion != row.getVersion()) {
            throw Versions.stale("zone", id, expectedVersion, row.getVersion());
        }
        List<FieldProblem> problems = new ArrayList<>();
        ZoneAreas.Area area = ZoneAreas.read(input.area(), "area", problems);
        checkReferences(input, problems);
        checkNameFree(input.city(), input.name(), id, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        row.setName(input.name().strip());
        row.setCity(input.city().strip());
        row.setArea(area.geometry());
        row.setDispatcherId(input.dispatcherId());
        row.setActive(input.active() == null || input.active());
        row.setVersion(row.getVersion() + 1);
        row.update();
        replaceServices(id, input.serviceTypeIds());
        return new ZoneSaved(get(id), area.fixes());
    }

    @Transactional
    public void delete(long id) {
        if (db.deleteFrom(ZONE).where(ZONE.ID.eq(id)).execute() == 0) {
            throw new NotFoundException("zone", id);
        }
    }

    /**
     * Creates or replaces (by city and name) every zone of a GeoJSON FeatureCollection: {@code properties.name},
     * {@code properties.city} (required), optional {@code properties.dispatcherId} and {@code properties.serviceTypes}
     * (service type codes). All or nothing: every bad feature is reported by its path first.
     */
    @Transactional
    public List<ZoneView> importGeoJson(String geojson) {
        ZoneCollection collection;
        try {
            collection = ZoneGeoJson.read(geojson, "the request body");
        } catch (ZoneFormatException e) {
            throw new InvalidInputException(e.problems().stream()
                    .map(p -> new FieldProblem(p.path(), null, p.message())).toList());
        }
        JsonNode features = JSON.readTree(geojson).path("features");
        List<FieldProblem> problems = new ArrayList<>();
        List<ZoneInput> inputs = new ArrayList<>();
        Map<String, Long> serviceIds = db.select(SERVICE_TYPE.CODE, SERVICE_TYPE.ID).from(SERVICE_TYPE)
                .fetchMap(SERVICE_TYPE.CODE, SERVICE_TYPE.ID);
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < collection.zones().size(); i++) {
            ServiceZone zone = collection.zones().get(i);
            JsonNode properties = features.path(i).path("properties");
            String path = "features[" + i + "].properties";
            if (zone.city() == null || zone.city().isBlank()) {
                problems.add(new FieldProblem(path + ".city", zone.city(), "is missing; every zone belongs to a city"));
            } else if (!seen.add(zone.city().strip().toLowerCase() + "/" + zone.name().strip().toLowerCase())) {
                problems.add(new FieldProblem(path + ".name", zone.name(), "appears twice in " + zone.city() + "; zone names are unique per city"));
            }
            Long dispatcherId = properties.hasNonNull("dispatcherId") ? properties.get("dispatcherId").asLong() : null;
            List<Long> services = new ArrayList<>();
            JsonNode codes = properties.path("serviceTypes");
            for (int s = 0; s < codes.size(); s++) {
                Long serviceId = serviceIds.get(codes.get(s).asString());
                if (serviceId == null) {
                    problems.add(new FieldProblem(path + ".serviceTypes[" + s + "]", codes.get(s).asString(),
                            "is not a known service type code; known: " + String.join(", ", serviceIds.keySet())));
                } else {
                    services.add(serviceId);
                }
            }
            ObjectNode area = (ObjectNode) features.path(i).path("geometry");
            inputs.add(new ZoneInput(zone.name(), zone.city() == null ? "" : zone.city(), area, dispatcherId, services, true));
            if (dispatcherId != null && !isDispatcher(dispatcherId)) {
                problems.add(new FieldProblem(path + ".dispatcherId", dispatcherId, notDispatcher()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<ZoneView> stored = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ZoneInput input = inputs.get(i);
            ZoneRecord row = db.selectFrom(ZONE).where(ZONE.CITY.eq(input.city().strip()), ZONE.NAME.eq(input.name().strip()))
                    .forUpdate().fetchOne();
            if (row == null) {
                row = db.newRecord(ZONE);
                row.setName(input.name().strip());
                row.setCity(input.city().strip());
            } else {
                row.setVersion(row.getVersion() + 1);
            }
            row.setArea(ZoneAreas.multi(collection.zones().get(i).geometry()));
            row.setDispatcherId(input.dispatcherId());
            row.setActive(true);
            row.store();
            replaceServices(row.getId(), input.serviceTypeIds());
            stored.add(get(row.getId()));
        }
        return stored;
    }

    /** Every zone (of a city, or all) as a GeoJSON FeatureCollection, with our properties on each feature. */
    @Transactional(readOnly = true)
    public JsonNode exportGeoJson(@Nullable String city) {
        ObjectNode document = JSON.createObjectNode();
        document.put("type", "FeatureCollection");
        var features = document.putArray("features");
        Map<Long, String> codes = db.select(SERVICE_TYPE.ID, SERVICE_TYPE.CODE).from(SERVICE_TYPE)
                .fetchMap(SERVICE_TYPE.ID, SERVICE_TYPE.CODE);
        for (ZoneView zone : list(city)) {
            ObjectNode feature = features.addObject();
            feature.put("type", "Feature");
            feature.put("id", zone.id());
            ObjectNode properties = feature.putObject("properties");
            properties.put("id", String.valueOf(zone.id()));
            properties.put("name", zone.name());
            properties.put("city", zone.city());
            if (zone.dispatcherId() != null) {
                properties.put("dispatcherId", zone.dispatcherId());
            }
            var services = properties.putArray("serviceTypes");
            zone.serviceTypeIds().forEach(id -> services.add(codes.get(id)));
            properties.put("active", zone.active());
            feature.set("geometry", zone.area());
        }
        return document;
    }

    /**
     * Checks an area before anything is stored: every problem geo-data finds (with the place on the map it is about),
     * the fixes it would make, and the active zones it overlaps with the shared part.
     */
    @Transactional(readOnly = true)
    public ZoneCheck check(ZoneCheckInput input) {
        List<ZoneCheck.Problem> problems = new ArrayList<>();
        ZoneAreas.Area area = ZoneAreas.check(input.area(), "area", problems);
        List<ZoneCheck.Overlap> overlaps = new ArrayList<>();
        if (problems.isEmpty()) {
            for (ZoneRecord row : db.selectFrom(ZONE).where(ZONE.ACTIVE.isTrue()).orderBy(ZONE.CITY, ZONE.NAME).fetch()) {
                if (input.zoneId() != null && input.zoneId().equals(row.getId()) || !row.getArea().intersects(area.geometry())) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<org.locationtech.jts.geom.Polygon> parts = org.locationtech.jts.geom.util.PolygonExtracter
                        .getPolygons(row.getArea().intersection(area.geometry()));
                parts.removeIf(part -> part.getArea() <= 0);
                if (!parts.isEmpty()) {
                    org.locationtech.jts.geom.MultiPolygon shared = org.fieldplan.api.persistence.Geo.FACTORY
                            .createMultiPolygon(parts.toArray(org.locationtech.jts.geom.Polygon[]::new));
                    overlaps.add(new ZoneCheck.Overlap(row.getId(), row.getName(), row.getCity(), ZoneAreas.write(shared)));
                }
            }
        }
        return new ZoneCheck(problems.isEmpty(), problems, area.fixes(), overlaps);
    }

    /** Every zone (of a city, or all) as a KML document, one Placemark per zone (what Google My Maps imports). */
    @Transactional(readOnly = true)
    public String exportKml(@Nullable String city) {
        Map<Long, String> codes = db.select(SERVICE_TYPE.ID, SERVICE_TYPE.CODE).from(SERVICE_TYPE)
                .fetchMap(SERVICE_TYPE.ID, SERVICE_TYPE.CODE);
        return ZoneKml.write(list(city), codes);
    }

    /**
     * Creates or replaces (by city and name) the zones of a KML document: every Placemark with a Polygon (or a
     * MultiGeometry of them); its name, and {@code city}, {@code dispatcherId}, {@code serviceTypes} from ExtendedData;
     * {@code defaultCity} for placemarks that name none. All or nothing, as the GeoJSON import.
     */
    @Transactional
    public List<ZoneView> importKml(byte[] kml, @Nullable String defaultCity) {
        try {
            return importGeoJson(ZoneKml.toGeoJson(kml, defaultCity));
        } catch (InvalidInputException e) {
            if (e.errors().stream().noneMatch(p -> p.field().startsWith("features["))) {
                throw e;
            }
            throw new InvalidInputException(e.errors().stream().map(p -> new FieldProblem(
                    p.field().replaceFirst("^features\\[(\\d+)\\](\\.properties)?", "Placemark[$1]"), p.value(), p.reason())).toList());
        }
    }

    /** The zones that offer a service type, by id. */
    @Transactional(readOnly = true)
    public Map<Long, List<Long>> zonesByServiceType() {
        Map<Long, List<Long>> map = new HashMap<>();
        db.selectFrom(ZONE_SERVICE_TYPE).orderBy(ZONE_SERVICE_TYPE.ZONE_ID)
                .forEach(r -> map.computeIfAbsent(r.getServiceTypeId(), k -> new ArrayList<>()).add(r.getZoneId()));
        return map;
    }

    /**
     * Offers a service type in exactly these zones (the service screen's "zones where offered"); unknown zones are
     * reported under {@code field} by index. Each zone changed gets a new version.
     */
    @Transactional
    public void offerIn(long serviceTypeId, List<Long> zoneIds, String field) {
        Set<Long> known = new java.util.HashSet<>(db.select(ZONE.ID).from(ZONE).where(ZONE.ID.in(zoneIds)).fetch(ZONE.ID));
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < zoneIds.size(); i++) {
            if (!known.contains(zoneIds.get(i))) {
                problems.add(new FieldProblem(field + "[" + i + "]", zoneIds.get(i), "is not a zone; list them with GET /api/zones"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Set<Long> wanted = new LinkedHashSet<>(zoneIds);
        Set<Long> now = new java.util.HashSet<>(db.select(ZONE_SERVICE_TYPE.ZONE_ID).from(ZONE_SERVICE_TYPE)
                .where(ZONE_SERVICE_TYPE.SERVICE_TYPE_ID.eq(serviceTypeId)).fetch(ZONE_SERVICE_TYPE.ZONE_ID));
        Set<Long> changed = new java.util.HashSet<>();
        for (long zoneId : now) {
            if (!wanted.contains(zoneId)) {
                db.deleteFrom(ZONE_SERVICE_TYPE).where(ZONE_SERVICE_TYPE.ZONE_ID.eq(zoneId),
                        ZONE_SERVICE_TYPE.SERVICE_TYPE_ID.eq(serviceTypeId)).execute();
                changed.add(zoneId);
            }
        }
        for (long zoneId : wanted) {
            if (!now.contains(zoneId)) {
                db.insertInto(ZONE_SERVICE_TYPE, ZONE_SERVICE_TYPE.ZONE_ID, ZONE_SERVICE_TYPE.SERVICE_TYPE_ID)
                        .values(zoneId, serviceTypeId).execute();
                changed.add(zoneId);
            }
        }
        if (!changed.isEmpty()) {
            db.update(ZONE).set(ZONE.VERSION, ZONE.VERSION.plus(1)).where(ZONE.ID.in(changed)).execute();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void checkReferences(ZoneInput input, List<FieldProblem> problems) {
        if (input.dispatcherId() != null && !isDispatcher(input.dispatcherId())) {
            problems.add(new FieldProblem("dispatcherId", input.dispatcherId(), notDispatcher()));
        }
        List<Long> ids = input.serviceTypeIds() == null ? List.of() : input.serviceTypeIds();
        Set<Long> known = new java.util.HashSet<>(db.select(SERVICE_TYPE.ID).from(SERVICE_TYPE)
                .where(SERVICE_TYPE.ID.in(ids)).fetch(SERVICE_TYPE.ID));
        for (int i = 0; i < ids.size(); i++) {
            if (!known.contains(ids.get(i))) {
                problems.add(new FieldProblem("serviceTypeIds[" + i + "]", ids.get(i),
                        "is not a service type; list them with GET /api/service-types"));
            }
        }
    }

    private void checkNameFree(String city, String name, @Nullable Long self, List<FieldProblem> problems) {
        var other = db.select(ZONE.ID).from(ZONE)
                .where(ZONE.CITY.eq(city.strip()), ZONE.NAME.eq(name.strip()))
                .fetchOne(ZONE.ID);
        if (other != null && !other.equals(self)) {
            problems.add(new FieldProblem("name", name, "is taken by zone " + other + " in " + city + "; zone names are unique per city"));
        }
    }

    private boolean isDispatcher(long userId) {
        return db.fetchExists(APP_USER_ROLE, APP_USER_ROLE.USER_ID.eq(userId),
                APP_USER_ROLE.ROLE_CODE.in("dispatcher", "administrator"));
    }

    private static String notDispatcher() {
        return "is not a user with the role dispatcher or administrator; the responsible person of a zone must be one";
    }

    private void replaceServices(long zoneId, @Nullable List<Long> serviceTypeIds) {
        db.deleteFrom(ZONE_SERVICE_TYPE).where(ZONE_SERVICE_TYPE.ZONE_ID.eq(zoneId)).execute();
        if (serviceTypeIds != null) {
            for (Long serviceTypeId : new LinkedHashSet<>(serviceTypeIds)) {
                db.insertInto(ZONE_SERVICE_TYPE, ZONE_SERVICE_TYPE.ZONE_ID, ZONE_SERVICE_TYPE.SERVICE_TYPE_ID)
                        .values(zoneId, serviceTypeId).execute();
            }
        }
    }

    private List<Long> services(long zoneId) {
        return db.select(ZONE_SERVICE_TYPE.SERVICE_TYPE_ID).from(ZONE_SERVICE_TYPE)
                .where(ZONE_SERVICE_TYPE.ZONE_ID.eq(zoneId)).orderBy(ZONE_SERVICE_TYPE.SERVICE_TYPE_ID)
                .fetch(ZONE_SERVICE_TYPE.SERVICE_TYPE_ID);
    }

    private Map<Long, List<Long>> servicesByZone() {
        Map<Long, List<Long>> map = new HashMap<>();
        db.selectFrom(ZONE_SERVICE_TYPE).orderBy(ZONE_SERVICE_TYPE.SERVICE_TYPE_ID)
                .forEach(r -> map.computeIfAbsent(r.getZoneId(), k -> new ArrayList<>()).add(r.getServiceTypeId()));
        return map;
    }

    private static ZoneView view(ZoneRecord row, List<Long> services) {
        return new ZoneView(row.getId(), row.getName(), row.getCity(), ZoneAreas.write(row.getArea()),
                row.getDispatcherId(), services, row.getActive(), row.getVersion());
    }
}
