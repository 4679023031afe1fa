package org.fieldplan.bench.booking;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.bench.BenchArgs.env;
import static org.fieldplan.api.persistence.jooq.Tables.SCHEDULE_INTERVAL;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE_SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.fieldplan.api.FieldPlanApplication;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.route.RouteStatus;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.PreferredWindow;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.travel.GeoPoint;
import org.jooq.DSLContext;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A generated Malta company behind the real service, in its own database schema (dropped and created afresh): the
 * demo company's zones, service types and customers, 60 technicians with two weeks of weekday schedules in their
 * zones, and 1,000 agreed service requests at random road addresses inside the zones with preferred windows over
 * the 14 bookable days, planned by the engine and published as routes. The service runs in this JVM on a free port.
 */
final class BenchCompany implements AutoCloseable {

    static final String SCHEMA = "bench_booking";
    static final int TECHNICIANS = 60;
    static final int VISITS = 1000;
    static final int DAYS = 14;

    final ConfigurableApplicationContext app;
    final int port;
    final List<GeoPoint> spareAddresses;
    final int routedVisits;
    final int routes;

    private BenchCompany(ConfigurableApplicationContext app, int port, List<GeoPoint> spareAddresses, int routedVisits,
            int routes) {
        this.app = app;
        this.port = port;
        this.spareAddresses = spareAddresses;
        this.routedVisits = routedVisits;
        this.routes = routes;
    }

    static BenchCompany start(long seed, int planSeconds, Consumer<String> say) throws SQLException {
        return start(SCHEMA, seed, planSeconds, Map.of(), say);
    }

    /** The database URL, user and password of {@code ./fieldplan db} (or the environment's). */
    static String[] database() {
        return new String[] {env("FIELDPLAN_DB_URL", "jdbc:postgresql://127.0.0.1:5433/fieldplan"),
                env("FIELDPLAN_DB_USER", "fieldplan"), env("FIELDPLAN_DB_PASSWORD", "fieldplan")};
    }

    /** The service's properties on {@code schema} of {@link #database()}, port chosen by the system. */
    static Map<String, Object> serviceProperties(String schema) {
        String[] database = database();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("spring.datasource.url", database[0]);
        props.put("spring.datasource.username", database[1]);
        props.put("spring.datasource.password", database[2]);
        props.put("spring.datasource.hikari.maximum-pool-size", "24");
        props.put("spring.datasource.hikari.connection-init-sql", "SET search_path TO " + schema + ", public");
        props.put("spring.flyway.schemas", schema);
        props.put("spring.flyway.default-schema", schema);
        props.put("fieldplan.data-dir", env("FIELDPLAN_DATA_DIR", "../shared/data"));
        props.put("fieldplan.notifications.scheduling", "false");
        props.put("fieldplan.security.bcrypt-strength", "4");
        // the benchmark's clients all call from 127.0.0.1: lift the per-address limits explicitly (docs/limits.md)
        for (String limit : new String[] {"addresses", "windows", "holds", "bookings", "public-other", "login-form"}) {
            props.put("fieldplan.limits." + limit, "1000000/1m");
        }
        props.put("fieldplan.limits.live-holds-per-client", "1000");
        props.put("server.tomcat.threads.max", "64");
        props.put("logging.level.root", "warn");
        props.put("spring.main.banner-mode", "off");
        return props;
    }

    /**
     * The properties as command-line arguments: those win over application.yml (default properties would lose to its
     * {@code server.port: ${PORT:8080}} and {@code spring.flyway.schemas: fieldplan}, putting the benchmark on port 8080
     * and in the service's own schema).
     */
    static String[] arguments(Map<String, Object> props) {
        return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** The service in this JVM on an existing company in {@code schema} (nothing generated): for checks after a run. */
    static ConfigurableApplicationContext attach(String schema, Consumer<String> say) {
        say.accept("starting the service in the benchmark's JVM on the schema " + schema + " to check it ...");
        return new SpringApplicationBuilder(FieldPlanApplication.class).run(arguments(serviceProperties(schema)));
    }

    /**
     * A fresh company in {@code schema} (dropped first) behind the service in this JVM; {@code extra} properties
     * override the defaults.
     */
    static BenchCompany start(String schema, long seed, int planSeconds, Map<String, Object> extra, Consumer<String> say)
            throws SQLException {
        String[] database = database();
        try (Connection c = DriverManager.getConnection(database[0], database[1], database[2]); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        Map<String, Object> props = serviceProperties(schema);
        props.put("logging.level.org.fieldplan.api.booking", "info");
        props.putAll(extra);
        say.accept("starting the service on a fresh schema " + schema + " ...");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(FieldPlanApplication.class).run(arguments(props));
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));

        DSLContext db = app.getBean(DSLContext.class);
        TransactionTemplate tx = app.getBean(TransactionTemplate.class);
        say.accept("loading the demo company (zones, service types, customers) ...");
        app.getBean(MaltaDemoLoader.class).load();
        // only the generated requests take part: the demo's own are cancelled
        db.execute("UPDATE service_request SET status = 'cancelled' WHERE status NOT IN ('cancelled')");

        SplittableRandom random = new SplittableRandom(seed);
        Map<Long, PreparedGeometry> zones = new LinkedHashMap<>();
        PreparedGeometryFactory factory = new PreparedGeometryFactory();
        db.select(ZONE.ID, ZONE.AREA).from(ZONE).orderBy(ZONE.ID).forEach(r -> zones.put(r.value1(), factory.create((Geometry) r.value2())));
        Map<Long, List<String>> offered = new HashMap<>();
        db.select(ZONE_SERVICE_TYPE.ZONE_ID, SERVICE_TYPE.CODE).from(ZONE_SERVICE_TYPE).join(SERVICE_TYPE)
                .on(SERVICE_TYPE.ID.eq(ZONE_SERVICE_TYPE.SERVICE_TYPE_ID))
                .forEach(r -> offered.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));

        // road addresses inside the zones
        RoadMap roadMap = app.getBean(RoadMap.class);
        List<GeoPoint> candidates = roadMap.network().randomRoadLocations(9000, seed, 15);
        Map<Long, List<GeoPoint>> byZone = new LinkedHashMap<>();
        List<GeoPoint> inZones = new ArrayList<>();
        for (GeoPoint p : candidates) {
            for (Map.Entry<Long, PreparedGeometry> z : zones.entrySet()) {
                if (z.getValue().covers(Geo.point(p.lat(), p.lon()))) {
                    byZone.computeIfAbsent(z.getKey(), k -> new ArrayList<>()).add(p);
                    inZones.add(p);
                    break;
                }
            }
        }
        List<Long> zoneIds = new ArrayList<>(byZone.keySet());

        // 40 more technicians (60 with the demo's 20), weekday schedules in one or two zones
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Malta"));
        List<List<String>> skillSets = List.of(List.of("meter-verification", "meter-installation"),
                List.of("meter-verification", "electrical"), List.of("cleaning"), List.of("electrical", "meter-installation"));
        int existing = db.fetchCount(TECHNICIAN);
        tx.executeWithoutResult(s -> {
            for (int i = existing; i < TECHNICIANS; i++) {
                long home = zoneIds.get(i % zoneIds.size());
                long second = zoneIds.get((i + 1) % zoneIds.size());
                GeoPoint h = byZone.get(home).get(random.nextInt(byZone.get(home).size()));
                long id = db.insertInto(TECHNICIAN).set(TECHNICIAN.NAME, "Bench Technician " + (i + 1))
                        .set(TECHNICIAN.HOME, Geo.point(h.lat(), h.lon())).returningResult(TECHNICIAN.ID).fetchSingle().value1();
                for (String skill : skillSets.get(i % 4)) {
                    db.insertInto(TECHNICIAN_SKILL, TECHNICIAN_SKILL.TECHNICIAN_ID, TECHNICIAN_SKILL.SKILL_CODE).values(id, skill).execute();
                }
                for (int d = 0; d <= DAYS; d++) {
                    LocalDate day = today.plusDays(d);
                    if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        continue;
                    }
                    if (i % 4 == 3) {
                        interval(db, id, home, day, "08:00", "12:00");
                        interval(db, id, second, day, "12:30", "17:00");
                    } else {
                        interval(db, id, home, day, "08:00", "17:00");
                    }
                }
            }
        });

        // 1,000 agreed requests with preferred windows over the bookable days
        say.accept("registering " + VISITS + " service requests ...");
        List<Long> customers = db.select(CUSTOMER.ID).from(CUSTOMER).orderBy(CUSTOMER.ID).fetch(CUSTOMER.ID);
        RequestIntake intake = app.getBean(RequestIntake.class);
        CurrentUser office = CurrentUser.system("benchmark office");
        ZoneId malta = ZoneId.of("Europe/Malta");
        int made = 0;
        List<GeoPoint> spare = new ArrayList<>();
        for (int k = 0; made < VISITS && k < inZones.size(); k++) {
            GeoPoint p = inZones.get(k);
            if (k % 4 == 3) {
                spare.add(p); // kept for queries and bookings
                continue;
            }
            long zone = zoneOf(zones, p);
            List<String> services = offered.getOrDefault(zone, List.of("meter-verification"));
            String service = services.get(random.nextInt(services.size()));
            LocalDate day = today.plusDays(1 + random.nextInt(DAYS));
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                day = day.plusDays(1);
            }
            LocalTime start = LocalTime.of(8 + 2 * random.nextInt(4), 0);
            var window = new PreferredWindow(day.atTime(start).atZone(malta).toOffsetDateTime(),
                    day.atTime(start.plusHours(2)).atZone(malta).toOffsetDateTime());
            intake.intake(new NewServiceRequest(customers.get(random.nextInt(customers.size())), null,
                    new NewServiceRequest.AddressInput("Bench address " + (made + 1), p.lat(), p.lon()),
                    List.of(new NewServiceRequest.ServiceLine(null, service, 1)), "phone", 3,
                    day.atTime(23, 0).atZone(malta).toOffsetDateTime(), window, null), office);
            made++;
        }
        for (int k = inZones.size() - 1; k >= 0 && spare.size() < 2000; k--) {
            if (k % 4 != 3) {
                spare.add(inZones.get(k));
            }
        }
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.STATUS, "agreed").where(SERVICE_REQUEST.STATUS.eq("new")).execute();

        // the plan of the bookable days, published
        say.accept("planning " + DAYS + " days (" + planSeconds + " s) ...");
        PlanningProblems problems = app.getBean(PlanningProblems.class);
        LoadedPlan loaded = problems.load(new PlanScope(today.plusDays(1), today.plusDays(DAYS), Set.of()));
        FieldPlan solved = new PlanSolver().solve(loaded.plan(), SolverSettings.ofSeconds(planSeconds),
                progress -> { });
        RouteWriter store = app.getBean(RouteWriter.class);
        tx.executeWithoutResult(s -> store.save(loaded, solved, RouteStatus.PUBLISHED, null));
        int routed = solved.assignedCount();
        int routes = (int) solved.getShifts().stream().filter(x -> !x.getVisits().isEmpty()).count();
        say.accept(String.format("company: %d technicians, %d zones, %d requests, %d routed on %d routes over %d days (score %s)",
                db.fetchCount(TECHNICIAN), zones.size(), made, routed, routes, DAYS, solved.getScore()));
        return new BenchCompany(app, port, spare, routed, routes);
    }

    private static long zoneOf(Map<Long, PreparedGeometry> zones, GeoPoint p) {
        for (Map.Entry<Long, PreparedGeometry> z : zones.entrySet()) {
            if (z.getValue().covers(Geo.point(p.lat(), p.lon()))) {
                return z.getKey();
            }
        }
        return -1;
    }

    private static void interval(DSLContext db, long technician, long zone, LocalDate day, String start, String end) {
        db.insertInto(SCHEDULE_INTERVAL).set(SCHEDULE_INTERVAL.TECHNICIAN_ID, technician).set(SCHEDULE_INTERVAL.ZONE_ID, zone)
                .set(SCHEDULE_INTERVAL.ON_DATE, day).set(SCHEDULE_INTERVAL.START_TIME, LocalTime.parse(start))
                .set(SCHEDULE_INTERVAL.END_TIME, LocalTime.parse(end)).set(SCHEDULE_INTERVAL.NOTE, "benchmark").execute();
    }

    @Override
    public void close() {
        app.close();
    }
}
