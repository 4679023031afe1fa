package org.fieldplan.api.contract;

import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_SERVICE_DATE;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_VISIT;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.persistence.jooq.tables.records.ContractRecord;
import org.fieldplan.api.persistence.jooq.tables.records.ContractServiceRecord;
import org.fieldplan.api.persistence.jooq.tables.records.CustomerAddressRecord;
import org.fieldplan.api.persistence.jooq.tables.records.ServiceTypeRecord;
import org.fieldplan.api.price.Pricer;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Point;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Contracts: entered and ended by the office, read by staff and by the customer whose contract it is. */
@Service
public class Contracts {

    static final int MAX_LINES = 200;
    static final int MAX_DATES = 400;
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");

    private final DSLContext db;
    private final Pricer pricer;
    private final Clock clock;

    Contracts(DSLContext db, Pricer pricer, Clock clock) {
        this.db = db;
        this.pricer = pricer;
        this.clock = clock;
    }

    /** The contracts the caller may see (of customers in their scope; a customer: their own), newest first. */
    @Transactional(readOnly = true)
    public List<ContractView> list(@Nullable Long customerId, CurrentUser user) {
        Condition where = ZoneScope.customers(user);
        if (customerId != null) {
            where = where.and(CONTRACT.CUSTOMER_ID.eq(customerId));
        }
        return db.select(CONTRACT.ID).from(CONTRACT).join(CUSTOMER).on(CUSTOMER.ID.eq(CONTRACT.CUSTOMER_ID))
                .where(where).orderBy(CONTRACT.ID.desc()).limit(500)
                .fetch(CONTRACT.ID).stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public ContractView get(long id, CurrentUser user) {
        boolean visible = db.fetchExists(db.selectOne().from(CONTRACT).join(CUSTOMER).on(CUSTOMER.ID.eq(CONTRACT.CUSTOMER_ID))
                .where(CONTRACT.ID.eq(id), ZoneScope.customers(user)));
        if (!visible) {
            throw new NotFoundException("contract", id);
        }
        return view(id);
    }

    /** Stores a new contract with its regular work; every bad field is named at once and nothing is stored then. */
    @Transactional
    public ContractView create(ContractInput in) {
        List<FieldProblem> problems = new ArrayList<>();
        Long customerId = in.customerId();
        if (customerId == null) {
            problems.add(new FieldProblem("customerId", null, "is required: the customer the contract is with"));
        } else if (!db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(customerId))) {
            problems.add(new FieldProblem("customerId", customerId, "names no customer"));
        }
        String number = in.number() == null ? "" : in.number().strip();
        if (number.isEmpty() || number.length() > 40) {
            problems.add(new FieldProblem("number", in.number(), "is required, at most 40 characters (e.g. C-2027-014)"));
        } else if (db.fetchExists(CONTRACT, CONTRACT.NUMBER.eq(number))) {
            problems.add(new FieldProblem("number", number, "is the number of another contract already"));
        }
        String title = in.title() == null ? "" : in.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            problems.add(new FieldProblem("title", in.title(), "is required, at most 200 characters"));
        }
        if (in.startsOn() == null) {
            problems.add(new FieldProblem("startsOn", null, "is required: the first day of the contract (YYYY-MM-DD)"));
        }
        if (in.startsOn() != null && in.endsOn() != null && in.endsOn().isBefore(in.startsOn())) {
            problems.add(new FieldProblem("endsOn", in.endsOn().toString(), "is before startsOn (" + in.startsOn() + ")"));
        }
        List<ResolvedLine> lines = new ArrayList<>();
        if (in.services() == null || in.services().isEmpty()) {
            problems.add(new FieldProblem("services", in.services(), "needs at least one regular work"));
        } else if (in.services().size() > MAX_LINES) {
            problems.add(new FieldProblem("services", in.services().size() + " lines", "at most " + MAX_LINES));
        } else {
            for (int i = 0; i < in.services().size(); i++) {
                ResolvedLine line = line("services[" + i + "]", in.services().get(i), customerId, problems);
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ContractRecord contract = db.insertInto(CONTRACT)
                .set(CONTRACT.CUSTOMER_ID, customerId)
                .set(CONTRACT.NUMBER, number)
                .set(CONTRACT.TITLE, title)
                .set(CONTRACT.STARTS_ON, in.startsOn())
                .set(CONTRACT.ENDS_ON, in.endsOn())
                .set(CONTRACT.CREATED_AT, OffsetDateTime.now(clock))
                .returning().fetchSingle();
        int position = 1;
        for (ResolvedLine l : lines) {
            long lineId = db.insertInto(CONTRACT_SERVICE)
                    .set(CONTRACT_SERVICE.CONTRACT_ID, contract.getId())
                    .set(CONTRACT_SERVICE.POSITION, position++)
                    .set(CONTRACT_SERVICE.SERVICE_TYPE_ID, l.type().getId())
                    .set(CONTRACT_SERVICE.QUANTITY, l.quantity())
                    .set(CONTRACT_SERVICE.UNIT_PRICE, l.unitPrice())
                    .set(CONTRACT_SERVICE.ADDRESS_LINE, l.addressLine())
                    .set(CONTRACT_SERVICE.LOCATION, Geo.point(l.lat(), l.lon()))
                    .set(CONTRACT_SERVICE.FREQUENCY, l.rule().frequency().code())
                    .set(CONTRACT_SERVICE.WEEKDAY, l.rule().weekday() == null ? null : (short) l.rule().weekday().getValue())
                    .set(CONTRACT_SERVICE.EVERY_WEEKS, (short) l.rule().everyWeeks())
                    .set(CONTRACT_SERVICE.DAY_OF_MONTH, l.rule().dayOfMonth() == null ? null : l.rule().dayOfMonth().shortValue())
                    .set(CONTRACT_SERVICE.SEASON_FROM, l.rule().season() == null ? null : MONTH_DAY.format(l.rule().season().from()))
                    .set(CONTRACT_SERVICE.SEASON_TO, l.rule().season() == null ? null : MONTH_DAY.format(l.rule().season().to()))
                    .set(CONTRACT_SERVICE.PRIORITY, (short) l.priority())
                    .set(CONTRACT_SERVICE.NOTE, l.note())
                    .returningResult(CONTRACT_SERVICE.ID).fetchSingle().value1();
            for (LocalDate d : l.rule().dates()) {
                db.insertInto(CONTRACT_SERVICE_DATE).set(CONTRACT_SERVICE_DATE.CONTRACT_SERVICE_ID, lineId)
                        .set(CONTRACT_SERVICE_DATE.DUE_ON, d).execute();
            }
        }
        return view(contract.getId());
    }

    /**
     * Ends a contract on {@code endsOn} (today when null): no request is created for a day after it. Requests already
     * created stay (the office cancels them if it must).
     */
    @Transactional
    public ContractView end(long id, @Nullable LocalDate endsOn) {
        ContractRecord c = db.selectFrom(CONTRACT).where(CONTRACT.ID.eq(id)).forUpdate().fetchOne();
        if (c == null) {
            throw new NotFoundException("contract", id);
        }
        LocalDate day = endsOn == null ? LocalDate.now(clock) : endsOn;
        if (day.isBefore(c.getStartsOn())) {
            throw new InvalidInputException("endsOn", day.toString(), "is before the contract's start (" + c.getStartsOn() + ")");
        }
        if (!c.getActive()) {
            throw new ConflictException("Contract " + c.getNumber() + " has ended already (on " + c.getEndsOn() + ").");
        }
        db.update(CONTRACT).set(CONTRACT.ENDS_ON, day).set(CONTRACT.ACTIVE, !day.isBefore(LocalDate.now(clock)))
                .set(CONTRACT.VERSION, CONTRACT.VERSION.plus(1)).where(CONTRACT.ID.eq(id)).execute();
        return view(id);
    }

    record ResolvedLine(ServiceTypeRecord type, int quantity, BigDecimal unitPrice, String addressLine, double lat, double lon,
                        Occurrences.Rule rule, int priority, @Nullable String note) {}

    private @Nullable ResolvedLine line(String path, ContractInput.@Nullable Line in, @Nullable Long customerId, List<FieldProblem> problems) {
        if (in == null) {
            problems.add(new FieldProblem(path, null, "is empty"));
            return null;
        }
        int before = problems.size();
        ServiceTypeRecord type = null;
        if (in.serviceTypeId() != null) {
            type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(in.serviceTypeId())).fetchOne();
            if (type == null) {
                problems.add(new FieldProblem(path + ".serviceTypeId", in.serviceTypeId(), "names no service type"));
            }
        } else if (in.serviceTypeCode() != null) {
            type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq(in.serviceTypeCode())).fetchOne();
            if (type == null) {
                problems.add(new FieldProblem(path + ".serviceTypeCode", in.serviceTypeCode(), "names no service type"));
            }
        } else {
            problems.add(new FieldProblem(path + ".serviceTypeId", null, "is required (or serviceTypeCode)"));
        }
        if (type != null && !type.getActive()) {
            problems.add(new FieldProblem(path + ".serviceTypeId", type.getId(), "service type '" + type.getCode() + "' is no longer offered"));
        }
        int quantity = in.quantity() == null ? 1 : in.quantity();
        if (quantity < 1 || quantity > 10_000) {
            problems.add(new FieldProblem(path + ".quantity", in.quantity(), "must be between 1 and 10000"));
        }
        BigDecimal price = in.unitPrice();
        if (price != null && (price.signum() < 0 || price.compareTo(new BigDecimal("9999999999.99")) > 0 || price.scale() > 2)) {
            problems.add(new FieldProblem(path + ".unitPrice", price, "must be an amount of at least 0 with at most two decimals"));
        }
        if (price == null && type != null) {
            price = type.getBasePrice();
        }
        // where
        String line = null;
        Double lat = null;
        Double lon = null;
        if (in.addressId() != null && in.address() != null) {
            problems.add(new FieldProblem(path + ".address", in.address(), "give either addressId or address, not both"));
        } else if (in.addressId() != null) {
            CustomerAddressRecord saved = db.selectFrom(CUSTOMER_ADDRESS).where(CUSTOMER_ADDRESS.ID.eq(in.addressId())).fetchOne();
            if (saved == null || !saved.getCustomerId().equals(customerId)) {
                problems.add(new FieldProblem(path + ".addressId", in.addressId(), "is not one of the addresses of customer " + customerId));
            } else {
                Point p = (Point) saved.getLocation();
                line = saved.getLine() + ", " + saved.getCity();
                lat = p.getY();
                lon = p.getX();
            }
        } else if (in.address() == null) {
            problems.add(new FieldProblem(path + ".address", null, "is required: addressId (a saved address) or address {line, lat, lon}"));
        } else {
            line = in.address().line() == null ? "" : in.address().line().strip();
            if (line.isEmpty() || line.length() > 500) {
                problems.add(new FieldProblem(path + ".address.line", in.address().line(), "is required, at most 500 characters"));
            }
            lat = in.address().lat();
            lon = in.address().lon();
            if (lat == null || !Double.isFinite(lat) || lat < -90 || lat > 90) {
                problems.add(new FieldProblem(path + ".address.lat", lat, "must be a latitude between -90 and 90"));
            }
            if (lon == null || !Double.isFinite(lon) || lon < -180 || lon > 180) {
                problems.add(new FieldProblem(path + ".address.lon", lon, "must be a longitude between -180 and 180"));
            }
        }
        // how often
        Occurrences.Frequency frequency = Occurrences.Frequency.parse(in.frequency());
        DayOfWeek weekday = null;
        Integer dayOfMonth = null;
        int everyWeeks = in.everyWeeks() == null ? 1 : in.everyWeeks();
        Set<LocalDate> dates = new HashSet<>();
        if (frequency == null) {
            problems.add(new FieldProblem(path + ".frequency", in.frequency(), "must be weekly, monthly or dates"));
        } else {
            switch (frequency) {
                case WEEKLY -> {
                    if (in.weekday() == null || in.weekday() < 1 || in.weekday() > 7) {
                        problems.add(new FieldProblem(path + ".weekday", in.weekday(), "is required for weekly work: 1 (Monday) .. 7 (Sunday)"));
                    } else {
                        weekday = DayOfWeek.of(in.weekday());
                    }
                    if (everyWeeks < 1 || everyWeeks > 52) {
                        problems.add(new FieldProblem(path + ".everyWeeks", in.everyWeeks(), "must be 1 .. 52"));
                    }
                }
                case MONTHLY -> {
                    if (in.dayOfMonth() == null || in.dayOfMonth() < 1 || in.dayOfMonth() > 31) {
                        problems.add(new FieldProblem(path + ".dayOfMonth", in.dayOfMonth(), "is required for monthly work: 1 .. 31 (the month's last day when shorter)"));
                    } else {
                        dayOfMonth = in.dayOfMonth();
                    }
                }
                case DATES -> {
                    if (in.dates() == null || in.dates().isEmpty()) {
                        problems.add(new FieldProblem(path + ".dates", in.dates(), "is required for work on given dates: [\"2027-05-03\", ...]"));
                    } else if (in.dates().size() > MAX_DATES) {
                        problems.add(new FieldProblem(path + ".dates", in.dates().size() + " dates", "at most " + MAX_DATES));
                    } else {
                        for (int j = 0; j < in.dates().size(); j++) {
                            if (in.dates().get(j) == null) {
                                problems.add(new FieldProblem(path + ".dates[" + j + "]", null, "is empty"));
                            } else {
                                dates.add(in.dates().get(j));
                            }
                        }
                    }
                }
            }
        }
        Occurrences.Season season = null;
        if (in.season() != null) {
            MonthDay from = monthDay(path + ".season.from", in.season().from(), problems);
            MonthDay to = monthDay(path + ".season.to", in.season().to(), problems);
            if (from != null && to != null) {
                season = new Occurrences.Season(from, to);
            }
        }
        int priority = in.priority() == null ? 3 : in.priority();
        if (priority < 1 || priority > 5) {
            problems.add(new FieldProblem(path + ".priority", in.priority(), "must be 1 (low) .. 5 (urgent)"));
        }
        String note = in.note() == null || in.note().isBlank() ? null : in.note().strip();
        if (note != null && note.length() > 1000) {
            problems.add(new FieldProblem(path + ".note", note.length() + " characters", "at most 1000 characters"));
        }
        if (problems.size() > before || type == null || frequency == null || price == null || line == null || lat == null || lon == null) {
            return null;
        }
        return new ResolvedLine(type, quantity, price.setScale(2, RoundingMode.HALF_UP), line, lat, lon,
                new Occurrences.Rule(frequency, weekday, everyWeeks, dayOfMonth, dates, season), priority, note);
    }

    private static @Nullable MonthDay monthDay(String path, @Nullable String value, List<FieldProblem> problems) {
        if (value == null) {
            problems.add(new FieldProblem(path, null, "is required with a season: month and day, e.g. 04-01"));
            return null;
        }
        try {
            return MonthDay.parse("--" + value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(path, value, "is not a month and day such as 04-01"));
            return null;
        }
    }

    /** The rule of a stored line. */
    Occurrences.Rule rule(ContractServiceRecord l) {
        Set<LocalDate> dates = Set.of();
        if ("dates".equals(l.getFrequency())) {
            dates = new HashSet<>(db.select(CONTRACT_SERVICE_DATE.DUE_ON).from(CONTRACT_SERVICE_DATE)
                    .where(CONTRACT_SERVICE_DATE.CONTRACT_SERVICE_ID.eq(l.getId())).fetch(CONTRACT_SERVICE_DATE.DUE_ON));
        }
        Occurrences.Season season = l.getSeasonFrom() == null || l.getSeasonTo() == null ? null
                : new Occurrences.Season(MonthDay.parse("--" + l.getSeasonFrom()), MonthDay.parse("--" + l.getSeasonTo()));
        return new Occurrences.Rule(Occurrences.Frequency.parse(l.getFrequency()),
                l.getWeekday() == null ? null : DayOfWeek.of(l.getWeekday()), l.getEveryWeeks(),
                l.getDayOfMonth() == null ? null : l.getDayOfMonth().intValue(), dates, season);
    }

    ContractView view(long id) {
        var c = db.select(CONTRACT.fields()).select(CUSTOMER.NAME).from(CONTRACT).join(CUSTOMER).on(CUSTOMER.ID.eq(CONTRACT.CUSTOMER_ID))
                .where(CONTRACT.ID.eq(id)).fetchOne();
        if (c == null) {
            throw new NotFoundException("contract", id);
        }
        ContractRecord contract = c.into(CONTRACT);
        List<ContractView.Line> lines = new ArrayList<>();
        for (var r : db.select(CONTRACT_SERVICE.fields()).select(SERVICE_TYPE.CODE, SERVICE_TYPE.NAME).from(CONTRACT_SERVICE)
                .join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(CONTRACT_SERVICE.SERVICE_TYPE_ID))
                .where(CONTRACT_SERVICE.CONTRACT_ID.eq(id)).orderBy(CONTRACT_SERVICE.POSITION).fetch()) {
            ContractServiceRecord l = r.into(CONTRACT_SERVICE);
            Point p = (Point) l.getLocation();
            List<LocalDate> dates = rule(l).dates().stream().sorted().toList();
            lines.add(new ContractView.Line(l.getId(), l.getPosition(), l.getServiceTypeId(), r.get(SERVICE_TYPE.CODE),
                    r.get(SERVICE_TYPE.NAME), l.getQuantity(), l.getUnitPrice(), l.getAddressLine(), p.getY(), p.getX(),
                    l.getFrequency(), l.getWeekday() == null ? null : l.getWeekday().intValue(), l.getEveryWeeks(),
                    l.getDayOfMonth() == null ? null : l.getDayOfMonth().intValue(), dates, l.getSeasonFrom(), l.getSeasonTo(),
                    l.getPriority(), l.getNote()));
        }
        Map<Long, Boolean> ids = lines.stream().collect(Collectors.toMap(ContractView.Line::id, x -> true));
        List<ContractView.Visit> visits = ids.isEmpty() ? List.of()
                : db.select(CONTRACT_VISIT.CONTRACT_SERVICE_ID, CONTRACT_VISIT.DUE_ON, CONTRACT_VISIT.REQUEST_ID,
                                SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.STATUS)
                        .from(CONTRACT_VISIT).leftJoin(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(CONTRACT_VISIT.REQUEST_ID))
                        .where(CONTRACT_VISIT.CONTRACT_SERVICE_ID.in(ids.keySet()))
                        .orderBy(CONTRACT_VISIT.DUE_ON.desc(), CONTRACT_VISIT.CONTRACT_SERVICE_ID).limit(100)
                        .fetch(r -> new ContractView.Visit(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
        return new ContractView(contract.getId(), contract.getCustomerId(), c.get(CUSTOMER.NAME), contract.getNumber(),
                contract.getTitle(), contract.getStartsOn(), contract.getEndsOn(), contract.getActive(), pricer.currency(),
                lines, visits, contract.getVersion());
    }
}
