package org.fieldplan.api;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.UserAccounts;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.springframework.boot.test.context.TestComponent;

/**
 * Test data written straight to the real database: users of each role, customers, technicians, zones drawn
 * as WKT, service types. Names carry a running number so test classes sharing one database never collide.
 */
@TestComponent
public class Fixtures {

    public static final String PASSWORD = "secret-pass-1";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final DSLContext db;
    private final UserAccounts accounts;

    public Fixtures(DSLContext db, UserAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    /** A signed-in identity for tests: the Basic header to send and the ids behind it. */
    public record Login(String username, long userId, Role role, @Nullable Long customerId, @Nullable Long technicianId) {
        public String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        }
    }

    public static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    public Login user(Role role) {
        String name = unique(role.code());
        long id = accounts.create(new UserAccounts.NewAccount(name, PASSWORD, "Test " + name, name + "@example.test", Set.of(role)));
        return new Login(name, id, role, null, null);
    }

    /** A customer record with a login of role customer. */
    public Login customer() {
        Login user = user(Role.CUSTOMER);
        long customerId = db.insertInto(CUSTOMER)
                .set(CUSTOMER.NAME, "Customer " + user.username())
                .set(CUSTOMER.EMAIL, user.username() + "@customer.test")
                .set(CUSTOMER.USER_ID, user.userId())
                .returningResult(CUSTOMER.ID).fetchSingle().value1();
        return new Login(user.username(), user.userId(), Role.CUSTOMER, customerId, null);
    }

    /** A customer record without a login (a phone customer). */
    public long customerWithoutLogin() {
        return db.insertInto(CUSTOMER).set(CUSTOMER.NAME, unique("Phone customer"))
                .returningResult(CUSTOMER.ID).fetchSingle().value1();
    }

    /** A technician record with a login of role technician. */
    public Login technician() {
        Login user = user(Role.TECHNICIAN);
        long technicianId = db.insertInto(TECHNICIAN)
                .set(TECHNICIAN.NAME, "Technician " + user.username())
                .set(TECHNICIAN.HOME, Geo.point(35.9, 14.5))
                .set(TECHNICIAN.USER_ID, user.userId())
                .returningResult(TECHNICIAN.ID).fetchSingle().value1();
        return new Login(user.username(), user.userId(), Role.TECHNICIAN, null, technicianId);
    }

    /** A zone drawn as a WKT polygon (lon lat order, SRID 4326), with its responsible dispatcher. */
    public long zone(String name, String polygonWkt, @Nullable Long dispatcherUserId) {
        Geometry area;
        try {
            Polygon polygon = (Polygon) new WKTReader(Geo.FACTORY).read(polygonWkt);
            area = Geo.FACTORY.createMultiPolygon(new Polygon[] {polygon});
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad test WKT '" + polygonWkt + "': " + e.getMessage(), e);
        }
        area.setSRID(Geo.SRID);
        return db.insertInto(ZONE)
                .set(ZONE.NAME, unique(name))
                .set(ZONE.CITY, "Testville")
                .set(ZONE.AREA, (MultiPolygon) area)
                .set(ZONE.DISPATCHER_ID, dispatcherUserId)
                .returningResult(ZONE.ID).fetchSingle().value1();
    }

    /** An axis-aligned square zone: corners (lon0 lat0) .. (lon0+size lat0+size). */
    public long squareZone(String name, double lon0, double lat0, double size, @Nullable Long dispatcherUserId) {
        double lon1 = lon0 + size;
        double lat1 = lat0 + size;
        return zone(name, "POLYGON((" + lon0 + " " + lat0 + ", " + lon1 + " " + lat0 + ", " + lon1 + " " + lat1 + ", "
                + lon0 + " " + lat1 + ", " + lon0 + " " + lat0 + "))", dispatcherUserId);
    }

    public long serviceType(String codePrefix) {
        return db.insertInto(SERVICE_TYPE)
                .set(SERVICE_TYPE.CODE, unique(codePrefix))
                .set(SERVICE_TYPE.NAME, "Test service " + codePrefix)
                .set(SERVICE_TYPE.DURATION_SECONDS, 1800)
                .set(SERVICE_TYPE.BASE_PRICE, new BigDecimal("25.50"))
                .returningResult(SERVICE_TYPE.ID).fetchSingle().value1();
    }
}
