package org.fieldplan.api.demo;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.SCHEDULE_INTERVAL;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.persistence.jooq.tables.records.ZoneRecord;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.PreferredWindow;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.RequestMessages;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.UserAccounts;
import org.fieldplan.api.zone.ZoneService;
import org.jooq.DSLContext;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads the Malta demo company through the same services the API uses. Every step looks for what is already
 * there first (users by name, zones by city and name, technicians by name, schedule intervals by technician and
 * date, customers by e-mail, requests by count), so loading twice adds nothing. Generated data comes from a fixed
 * seed ({@code fieldplan.demo.seed}), so every demo shows the same company.
 */
@Service
public class MaltaDemoLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MaltaDemoLoader.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CUSTOMER_DOMAIN = "@demo.fieldplan.example";
    static final int REQUESTS = 300;
    static final int CUSTOMERS = 120;
    static final int TECHNICIANS = 20;
    static final int SCHEDULE_DAYS = 14;

    private static final String[] FIRST = {"Joseph", "Maria", "Carmel", "Rita", "Mario", "Doris", "Anthony", "Josephine",
            "Paul", "Carmen", "John", "Grace", "Charles", "Antoinette", "George", "Rose", "Emanuel", "Lucy", "Francis", "Marthese"};
    private static final String[] LAST = {"Borg", "Camilleri", "Vella", "Farrugia", "Zammit", "Galea", "Micallef", "Grech",
            "Attard", "Spiteri", "Azzopardi", "Mifsud", "Pace", "Agius", "Cassar", "Fenech", "Debono", "Caruana", "Sammut", "Gauci"};

    /** Towns and streets inside each demo zone (by the zone's id in malta-zones.geojson). */
    private static final Map<String, List<String[]>> STREETS = Map.of(
            "valletta", List.of(new String[] {"Valletta", "Triq ir-Repubblika"}, new String[] {"Valletta", "Triq il-Merkanti"},
                    new String[] {"Valletta", "Triq San Pawl"}, new String[] {"Floriana", "Triq Sant'Anna"}),
            "sliema", List.of(new String[] {"Sliema", "Triq it-Torri"}, new String[] {"Sliema", "Triq Manwel Dimech"},
                    new String[] {"Sliema", "Triq Bisazza"}, new String[] {"St Julian's", "Triq San Gorg"}),
            "birkirkara", List.of(new String[] {"Birkirkara", "Triq il-Wied"}, new String[] {"Birkirkara", "Triq Fleur-de-Lys"},
                    new String[] {"Msida", "Triq ix-Xatt"}),
            "mosta", List.of(new String[] {"Mosta", "Triq il-Kostituzzjoni"}, new String[] {"Mosta", "Triq il-Kbira"},
                    new String[] {"Naxxar", "Triq il-Parrocca"}),
            "rabat", List.of(new String[] {"Rabat", "Triq San Pawl"}, new String[] {"Rabat", "Triq Santa Rita"},
                    new String[] {"Mdina", "Triq Villegaignon"}),
            "south", List.of(new String[] {"Paola", "Triq Hal Tarxien"}, new String[] {"Tarxien", "Triq il-Kbira"},
                    new String[] {"Zabbar", "Triq Santu Wistin"}));

    /** Places outside every zone: requests there are stored and flagged "outside service area". */
    private static final List<Object[]> OUTSIDE = List.of(
            new Object[] {"Mellieha", "Triq Gorg Borg Olivier", 35.9570, 14.3620},
            new Object[] {"Marsaxlokk", "Xatt is-Sajjieda", 35.8420, 14.5430},
            new Object[] {"Victoria (Gozo)", "Triq ir-Repubblika", 36.0440, 14.2390});

    private static final String[][] SKILLS = {
            {"meter-verification", "Meter verification"}, {"meter-installation", "Meter installation"},
            {"cleaning", "Cleaning"}, {"electrical", "Electrical work"}};

    private final DSLContext db;
    private final ZoneService zones;
    private final UserAccounts accounts;
    private final RequestIntake intake;
    private final ServiceRequests requests;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final FieldPlanProperties properties;
    private final CommerceDemo commerce;

    MaltaDemoLoader(DSLContext db, ZoneService zones, UserAccounts accounts, RequestIntake intake, ServiceRequests requests,
            TransactionTemplate transaction, Clock clock, FieldPlanProperties properties, CommerceDemo commerce) {
        this.commerce = commerce;
        this.requests = requests;
        this.db = db;
        this.zones = zones;
        this.accounts = accounts;
        this.intake = intake;
        this.transaction = transaction;
        this.clock = clock;
        this.properties = properties;
    }

    public DemoSummary load() {
        String password = properties.demo().password();
        List<DemoSummary.Login> logins = new ArrayList<>();

        // ---- users of the office ----
        accounts.createIfAbsent(new UserAccounts.NewAccount("admin", password, "Anna Administrator", "admin" + CUSTOMER_DOMAIN, Set.of(Role.ADMINISTRATOR)));
        logins.add(new DemoSummary.Login("admin", "administrator", "sees and manages everything"));
        String[][] dispatchers = {{"dispatcher-north", "Daniel Dispatcher", "Sliema & St Julian's, Mosta & Naxxar"},
                {"dispatcher-central", "Diana Dispatcher", "Valletta & Floriana, Birkirkara & Msida"},
                {"dispatcher-south", "Dominic Dispatcher", "Rabat & Mdina, Paola, Tarxien & Zabbar"}};
        Map<String, Long> dispatcherIds = new LinkedHashMap<>();
        for (String[] d : dispatchers) {
            dispatcherIds.put(d[0], accounts.createIfAbsent(new UserAccounts.NewAccount(d[0], password, d[1], d[0] + CUSTOMER_DOMAIN, Set.of(Role.DISPATCHER))));
            logins.add(new DemoSummary.Login(d[0], "dispatcher", d[2]));
        }
        // the three kinds of administrator (docs/reports.md): a director, two heads of department over the dispatchers
        accounts.createIfAbsent(new UserAccounts.NewAccount("director", password, "Doris Director", "director" + CUSTOMER_DOMAIN, Set.of(Role.DIRECTOR)));
        logins.add(new DemoSummary.Login("director", "director", "every zone and every report"));
        String[][] heads = {{"head-north", "Hugo Head", "North & Centre", "dispatcher-north", "dispatcher-central"},
                {"head-south", "Helen Head", "South", "dispatcher-south"}};
        for (String[] h : heads) {
            long head = accounts.createIfAbsent(new UserAccounts.NewAccount(h[0], password, h[1], h[0] + CUSTOMER_DOMAIN, Set.of(Role.HEAD_OF_DEPARTMENT)));
            logins.add(new DemoSummary.Login(h[0], "head_of_department", "department " + h[2] + ": its administrators' zones and reports"));
            db.execute("INSERT INTO department (name, head_user_id, created_at) VALUES (?, ?, now()) ON CONFLICT (name) DO NOTHING", h[2], head);
            for (int i = 3; i < h.length; i++) {
                db.execute("INSERT INTO department_member (user_id, department_id) SELECT ?, id FROM department WHERE name = ?"
                        + " ON CONFLICT (user_id) DO NOTHING", dispatcherIds.get(h[i]), h[2]);
            }
        }
        Map<String, String> dispatcherOfZone = Map.of("sliema", "dispatcher-north", "mosta", "dispatcher-north",
                "valletta", "dispatcher-central", "birkirkara", "dispatcher-central", "rabat", "dispatcher-south", "south", "dispatcher-south");

        // ---- skills, service types ----
        transaction.executeWithoutResult(status -> {
            for (String[] skill : SKILLS) {
                db.insertInto(SKILL, SKILL.CODE, SKILL.NAME).values(skill[0], skill[1]).onConflictDoNothing().execute();
            }
            serviceType("meter-verification", "Meter verification", 30, "25.00", false, "meter-verification");
            serviceType("meter-installation", "Meter installation", 60, "80.00", true, "meter-installation");
            serviceType("cleaning", "Cleaning of common areas", 120, "60.00", true, "cleaning");
            serviceType("electrical", "Electrical repair", 60, "45.00", true, "electrical");
            // work for two (issue 12): a cleaner who knows the job and a helper, who arrive and start together
            serviceType("yard-cleaning", "Yard cleaning (two cleaners)", 90, "140.00", true, "cleaning");
            db.update(SERVICE_TYPE).set(SERVICE_TYPE.TEAM_SIZE, 2).set(SERVICE_TYPE.TEAM_SKILLS, "lead")
                    .where(SERVICE_TYPE.CODE.eq("yard-cleaning")).execute();
        });

        // ---- zones, through the GeoJSON import (upsert by city and name) ----
        JsonNode document = readZones();
        for (JsonNode feature : document.path("features")) {
            String id = feature.path("properties").path("id").asString();
            ((ObjectNode) feature.path("properties")).put("dispatcherId", dispatcherIds.get(dispatcherOfZone.get(id)));
        }
        zones.importGeoJson(JSON.writeValueAsString(document));
        // the large-yard cleaning is offered wherever cleaning is (the generated requests keep to the zones' own list)
        db.execute("INSERT INTO zone_service_type (zone_id, service_type_id) SELECT z.zone_id, y.id FROM zone_service_type z "
                + "JOIN service_type c ON c.id = z.service_type_id AND c.code = 'cleaning' "
                + "JOIN service_type y ON y.code = 'yard-cleaning' ON CONFLICT DO NOTHING");
        List<DemoZone> demoZones = new ArrayList<>();
        for (JsonNode feature : document.path("features")) {
            ZoneRecord row = db.selectFrom(ZONE).where(ZONE.CITY.eq(feature.path("properties").path("city").asString()),
                    ZONE.NAME.eq(feature.path("properties").path("name").asString())).fetchSingle();
            List<String> services = new ArrayList<>();
            feature.path("properties").path("serviceTypes").forEach(s -> services.add(s.asString()));
            demoZones.add(new DemoZone(feature.path("properties").path("id").asString(), row.getId(), row.getArea(), services));
        }

        // ---- technicians with logins, and two weeks of schedules ----
        SplittableRandom random = new SplittableRandom(properties.demo().seed());
        int intervalsAdded = 0;
        LocalDate today = LocalDate.now(clock);
        Map<Long, List<DemoTechnician>> techniciansByZone = new LinkedHashMap<>();
        for (int i = 0; i < TECHNICIANS; i++) {
            String name = FIRST[i] + " " + LAST[(i * 7) % LAST.length];
            String username = String.format("tech%02d", i + 1);
            DemoZone home = demoZones.get(i % demoZones.size());
            DemoZone second = demoZones.get((i + 1) % demoZones.size());
            Point homePoint = pointIn(home.area(), random);
            List<String> skills = switch (i % 4) {
                case 0 -> List.of("meter-verification", "meter-installation");
                case 1 -> List.of("meter-verification", "electrical");
                case 2 -> List.of("cleaning");
                default -> List.of("electrical", "meter-installation");
            };
            long userId = accounts.createIfAbsent(new UserAccounts.NewAccount(username, password, name, username + CUSTOMER_DOMAIN, Set.of(Role.TECHNICIAN)));
            if (i < 3) {
                logins.add(new DemoSummary.Login(username, "technician", name + " (" + String.join(", ", skills) + "; tech01..tech20 all work)"));
            }
            int index = i;
            long[] stored = new long[1];
            intervalsAdded += transaction.execute(status -> {
                Long technicianId = db.select(TECHNICIAN.ID).from(TECHNICIAN).where(TECHNICIAN.USER_ID.eq(userId)).fetchOne(TECHNICIAN.ID);
                if (technicianId == null) {
                    technicianId = db.insertInto(TECHNICIAN).set(TECHNICIAN.NAME, name)
                            .set(TECHNICIAN.PHONE, String.format("+356 7900 %04d", 1000 + index))
                            .set(TECHNICIAN.EMAIL, username + CUSTOMER_DOMAIN)
                            .set(TECHNICIAN.HOME_ADDRESS, home.streets().getFirst()[0])
                            .set(TECHNICIAN.HOME, homePoint).set(TECHNICIAN.USER_ID, userId)
                            .returningResult(TECHNICIAN.ID).fetchSingle().value1();
                    for (String skill : skills) {
                        db.insertInto(TECHNICIAN_SKILL, TECHNICIAN_SKILL.TECHNICIAN_ID, TECHNICIAN_SKILL.SKILL_CODE).values(technicianId, skill).execute();
                    }
                }
                stored[0] = technicianId;
                return schedule(technicianId, index, home, second, today);
            });
            techniciansByZone.computeIfAbsent(home.id(), k -> new ArrayList<>()).add(new DemoTechnician(stored[0], skills));
        }

        // ---- customers with addresses; the first three can sign in ----
        int customersAdded = 0;
        List<DemoCustomer> customers = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            DemoCustomer customer = customer(c, random, demoZones);
            customers.add(customer);
            Long userId = null;
            if (c < 3) {
                String username = "customer" + (c + 1);
                userId = accounts.createIfAbsent(new UserAccounts.NewAccount(username, password, customer.name(), customer.email(), Set.of(Role.CUSTOMER)));
                logins.add(new DemoSummary.Login(username, "customer", customer.name()));
            }
            Long linkedUser = userId;
            customersAdded += transaction.execute(status -> storeCustomer(customer, linkedUser));
        }

        // ---- service requests through the real intake (routing, numbers, history, outbox) ----
        int existing = db.fetchCount(db.select().from(org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST)
                .join(CUSTOMER).on(CUSTOMER.ID.eq(org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST.CUSTOMER_ID))
                .where(CUSTOMER.EMAIL.endsWith(CUSTOMER_DOMAIN)));
        SplittableRandom requestRandom = new SplittableRandom(properties.demo().seed() + 1);
        CurrentUser loader = CurrentUser.system("demo loader");
        int requestsAdded = 0;
        for (int r = 0; r < REQUESTS; r++) {
            NewServiceRequest request = request(r, requestRandom, customers);
            if (r >= existing) {
                ServiceRequestView stored = intake.intake(request, loader);
                advance(stored, r, request, techniciansByZone, loader);
                requestsAdded++;
            }
        }

        // ---- prices, a contract, agents (issue 16): a discount, an extra service, a contract, an agent chain ----
        transaction.executeWithoutResult(status -> commerce.load(CUSTOMER_DOMAIN));

        DemoSummary summary = new DemoSummary(db.fetchCount(ZONE), db.fetchCount(TECHNICIAN), db.fetchCount(SCHEDULE_INTERVAL),
                db.fetchCount(CUSTOMER, CUSTOMER.EMAIL.endsWith(CUSTOMER_DOMAIN)), existing + requestsAdded,
                intervalsAdded, customersAdded, requestsAdded, logins);
        LOG.info("demo company: {}", summary);
        return summary;
    }

    // ---- steps ------------------------------------------------------------------------------------------------

    private void serviceType(String code, String name, int minutes, String price, boolean from, String skill) {
        Long id = db.select(SERVICE_TYPE.ID).from(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq(code)).fetchOne(SERVICE_TYPE.ID);
        if (id == null) {
            id = db.insertInto(SERVICE_TYPE).set(SERVICE_TYPE.CODE, code).set(SERVICE_TYPE.NAME, name)
                    .set(SERVICE_TYPE.DURATION_SECONDS, minutes * 60).set(SERVICE_TYPE.BASE_PRICE, new BigDecimal(price))
                    .set(SERVICE_TYPE.PRICE_IS_FROM, from).returningResult(SERVICE_TYPE.ID).fetchSingle().value1();
            db.insertInto(org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE_SKILL).values(id, skill).execute();
        }
    }

    /** Weekdays 08:00-16:00 in the home zone (every fourth technician: mornings home, afternoons in the next zone), some Saturday mornings. */
    private int schedule(long technicianId, int index, DemoZone home, DemoZone second, LocalDate today) {
        int added = 0;
        for (int d = 0; d < SCHEDULE_DAYS; d++) {
            LocalDate day = today.plusDays(d);
            if (db.fetchExists(SCHEDULE_INTERVAL, SCHEDULE_INTERVAL.TECHNICIAN_ID.eq(technicianId), SCHEDULE_INTERVAL.ON_DATE.eq(day))) {
                continue;
            }
            DayOfWeek weekday = day.getDayOfWeek();
            if (weekday == DayOfWeek.SUNDAY || (weekday == DayOfWeek.SATURDAY && index % 3 != 0)) {
                continue;
            }
            if (weekday == DayOfWeek.SATURDAY) {
                added += interval(technicianId, home.id(), day, "08:00", "12:00");
            } else if (index % 4 == 3) {
                added += interval(technicianId, home.id(), day, "08:00", "12:00");
                added += interval(technicianId, second.id(), day, "12:30", "16:30");
            } else {
                added += interval(technicianId, home.id(), day, "08:00", "16:00");
            }
        }
        return added;
    }

    private int interval(long technicianId, long zoneId, LocalDate day, String start, String end) {
        return db.insertInto(SCHEDULE_INTERVAL).set(SCHEDULE_INTERVAL.TECHNICIAN_ID, technicianId)
                .set(SCHEDULE_INTERVAL.ZONE_ID, zoneId).set(SCHEDULE_INTERVAL.ON_DATE, day)
                .set(SCHEDULE_INTERVAL.START_TIME, LocalTime.parse(start)).set(SCHEDULE_INTERVAL.END_TIME, LocalTime.parse(end))
                .set(SCHEDULE_INTERVAL.NOTE, "demo").execute();
    }

    private DemoCustomer customer(int c, SplittableRandom random, List<DemoZone> demoZones) {
        int kind = random.nextInt(10);
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        int addressCount = kind < 7 ? 1 : 1 + random.nextInt(3);
        List<DemoAddress> addresses = new ArrayList<>();
        for (int a = 0; a < addressCount; a++) {
            if (random.nextInt(40) == 0) { // about 1 in 40 lies outside every zone
                Object[] place = OUTSIDE.get(random.nextInt(OUTSIDE.size()));
                addresses.add(new DemoAddress((1 + random.nextInt(120)) + " " + place[1], (String) place[0],
                        Geo.point((double) place[2] + random.nextDouble(-0.002, 0.002), (double) place[3] + random.nextDouble(-0.002, 0.002)), null));
            } else {
                DemoZone zone = demoZones.get(random.nextInt(demoZones.size()));
                String[] street = zone.streets().get(random.nextInt(zone.streets().size()));
                addresses.add(new DemoAddress((1 + random.nextInt(120)) + " " + street[1], street[0], pointIn(zone.area(), random), zone));
            }
        }
        String name = switch (kind) {
            case 7, 8 -> addresses.getFirst().line().replaceFirst("^\\d+ ", "") + " Residents' Association";
            case 9 -> last + " " + List.of("Properties", "Holdings", "Estates").get(random.nextInt(3)) + " Ltd";
            default -> first + " " + last;
        };
        String kindCode = kind >= 9 ? "company" : kind >= 7 ? "association" : "resident";
        return new DemoCustomer(name, kindCode, String.format("customer%03d", c + 1) + CUSTOMER_DOMAIN,
                String.format("+356 2100 %04d", c + 1), addresses);
    }

    private int storeCustomer(DemoCustomer customer, Long userId) {
        Long id = db.select(CUSTOMER.ID).from(CUSTOMER).where(CUSTOMER.EMAIL.eq(customer.email())).fetchOne(CUSTOMER.ID);
        if (id != null) {
            if (userId != null) {
                db.update(CUSTOMER).set(CUSTOMER.USER_ID, userId).where(CUSTOMER.ID.eq(id)).execute();
            }
            customer.ids().addAll(db.select(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.ID)
                    .from(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS)
                    .where(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.CUSTOMER_ID.eq(id))
                    .orderBy(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.POSITION)
                    .fetch(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.ID));
            customer.ids().addFirst(id);
            return 0;
        }
        var address = org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS;
        id = db.insertInto(CUSTOMER).set(CUSTOMER.NAME, customer.name()).set(CUSTOMER.KIND, customer.kind())
                .set(CUSTOMER.EMAIL, customer.email()).set(CUSTOMER.PHONE, customer.phone()).set(CUSTOMER.USER_ID, userId)
                .returningResult(CUSTOMER.ID).fetchSingle().value1();
        customer.ids().add(id);
        for (int a = 0; a < customer.addresses().size(); a++) {
            DemoAddress demoAddress = customer.addresses().get(a);
            customer.ids().add(db.insertInto(address).set(address.CUSTOMER_ID, id).set(address.LINE, demoAddress.line())
                    .set(address.CITY, demoAddress.city()).set(address.LOCATION, demoAddress.point()).set(address.POSITION, a)
                    .set(address.LABEL, customer.addresses().size() > 1 ? "Block " + (char) ('A' + a) : null)
                    .returningResult(address.ID).fetchSingle().value1());
        }
        return 1;
    }

    private NewServiceRequest request(int r, SplittableRandom random, List<DemoCustomer> customers) {
        DemoCustomer customer = customers.get(random.nextInt(customers.size()));
        int a = random.nextInt(customer.addresses().size());
        DemoAddress address = customer.addresses().get(a);
        List<String> offered = address.zone() == null ? List.of("meter-verification", "electrical") : address.zone().services();
        List<NewServiceRequest.ServiceLine> lines = new ArrayList<>();
        String first = offered.get(random.nextInt(offered.size()));
        lines.add(new NewServiceRequest.ServiceLine(null, first, first.startsWith("meter") ? 1 + random.nextInt(3) : 1));
        if (random.nextInt(5) == 0) {
            String second = offered.get(random.nextInt(offered.size()));
            if (!second.equals(first)) {
                lines.add(new NewServiceRequest.ServiceLine(null, second, 1));
            }
        }
        String source = List.of("phone", "phone", "site", "site", "email", "messenger", "partner").get(random.nextInt(7));
        int priority = List.of(1, 2, 3, 3, 3, 3, 4, 4, 5).get(random.nextInt(9));
        ZonedDateTime now = ZonedDateTime.now(clock);
        int deadlineDays = 3 + random.nextInt(19);
        OffsetDateTime deadline = now.toLocalDate().plusDays(deadlineDays).atTime(18, 0).atZone(clock.getZone()).toOffsetDateTime();
        PreferredWindow window = null;
        if (random.nextInt(5) < 2) {
            LocalDate day = now.toLocalDate().plusDays(1 + random.nextInt(Math.min(SCHEDULE_DAYS - 1, deadlineDays)));
            int startHour = random.nextBoolean() ? 8 : 12;
            window = new PreferredWindow(day.atTime(startHour, 0).atZone(clock.getZone()).toOffsetDateTime(),
                    day.atTime(startHour + 4, 0).atZone(clock.getZone()).toOffsetDateTime());
        }
        Long customerId = customer.ids().isEmpty() ? null : customer.ids().getFirst();
        Long addressId = customer.ids().size() > a + 1 ? customer.ids().get(a + 1) : null;
        return new NewServiceRequest(customerId, addressId, null, lines, source, priority, deadline, window,
                "Demo request " + (r + 1) + ": " + lines.stream().map(NewServiceRequest.ServiceLine::serviceTypeCode).toList());
    }

    /**
     * Moves a share of the requests along the lifecycle, as the office would have by now: of every 20 inside a
     * zone, 11 stay new, 3 are quoted, 2 agreed, 2 scheduled with a technician of the zone (one with the skills
     * when there is one), 1 done and accepted, 1 cancelled by the customer. Requests outside every zone stay new.
     */
    private void advance(ServiceRequestView request, int r, NewServiceRequest input,
            Map<Long, List<DemoTechnician>> techniciansByZone, CurrentUser office) {
        int slot = r % 20;
        if (request.zoneId() == null || slot < 11) {
            return;
        }
        List<RequestStatus> path = switch (slot) {
            case 11, 12, 13 -> List.of(RequestStatus.QUOTED);
            case 14, 15 -> List.of(RequestStatus.QUOTED, RequestStatus.AGREED);
            case 16, 17 -> List.of(RequestStatus.QUOTED, RequestStatus.AGREED, RequestStatus.SCHEDULED);
            case 18 -> List.of(RequestStatus.QUOTED, RequestStatus.AGREED, RequestStatus.SCHEDULED, RequestStatus.IN_PROGRESS,
                    RequestStatus.DONE, RequestStatus.ACCEPTED);
            default -> List.of(RequestStatus.CANCELLED);
        };
        List<DemoTechnician> candidates = techniciansByZone.getOrDefault(request.zoneId(), List.of());
        List<String> needed = input.services() == null ? List.of()
                : input.services().stream().map(NewServiceRequest.ServiceLine::serviceTypeCode).toList();
        Long technician = candidates.stream().filter(t -> t.skills().containsAll(needed)).map(DemoTechnician::id).findFirst()
                .orElse(candidates.isEmpty() ? null : candidates.getFirst().id());
        for (RequestStatus status : path) {
            if (status == RequestStatus.SCHEDULED && technician == null) {
                return;
            }
            Long assign = status == RequestStatus.SCHEDULED ? technician : null;
            requests.changeStatus(request.id(), null, new RequestMessages.StatusChange(status.code(),
                    status == RequestStatus.CANCELLED ? "Cancelled at the customer's request (demo)" : null, assign), office);
        }
    }

    private record DemoTechnician(long id, List<String> skills) {}

    // ---- geometry ------------------------------------------------------------------------------------------------

    /** A random point inside the area (rejection sampling in its bounding box). */
    static Point pointIn(Geometry area, SplittableRandom random) {
        Envelope box = area.getEnvelopeInternal();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Point p = Geo.FACTORY.createPoint(new Coordinate(random.nextDouble(box.getMinX(), box.getMaxX()),
                    random.nextDouble(box.getMinY(), box.getMaxY())));
            if (area.contains(p)) {
                return p;
            }
        }
        return area.getInteriorPoint();
    }

    private static JsonNode readZones() {
        try (InputStream in = MaltaDemoLoader.class.getResourceAsStream("/demo/malta-zones.geojson")) {
            if (in == null) {
                throw new IllegalStateException("the demo zones (classpath:/demo/malta-zones.geojson) are missing from the build");
            }
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("could not read classpath:/demo/malta-zones.geojson: " + e.getMessage(), e);
        }
    }

    private record DemoZone(String key, long id, Geometry area, List<String> services) {
        List<String[]> streets() {
            return STREETS.get(key);
        }
    }

    private record DemoAddress(String line, String city, Point point, @org.jspecify.annotations.Nullable DemoZone zone) {}

    /** ids: the stored customer id first, then its address ids in order (filled when stored or found). */
    private record DemoCustomer(String name, String kind, String email, String phone, List<DemoAddress> addresses, List<Long> ids) {
        DemoCustomer(String name, String kind, String email, String phone, List<DemoAddress> addresses) {
            this(name, kind, email, phone, addresses, new ArrayList<>());
        }
    }
}
