package org.fieldplan.api.booking;

import static org.fieldplan.api.persistence.jooq.Tables.BOOKING_HOLD;
import static org.fieldplan.api.persistence.jooq.Tables.BOOKING_IDEMPOTENCY;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.fieldplan.api.booking.BookingHorizon.ServiceType;
import org.fieldplan.api.booking.BookingHorizon.State;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.booking.BookingMessages.AddressSuggestion;
import org.fieldplan.api.booking.BookingMessages.Booked;
import org.fieldplan.api.booking.BookingMessages.BookingInput;
import org.fieldplan.api.booking.BookingMessages.Day;
import org.fieldplan.api.booking.BookingMessages.Hold;
import org.fieldplan.api.booking.BookingMessages.HoldInput;
import org.fieldplan.api.booking.BookingMessages.ServiceOffer;
import org.fieldplan.api.booking.BookingMessages.Slot;
import org.fieldplan.api.booking.BookingMessages.Window;
import org.fieldplan.api.booking.BookingMessages.Windows;
import org.fieldplan.api.booking.BookingMessages.ZoneRef;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.planning.LoadOptions;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.route.DayLock;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.PreferredWindow;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.edit.RouteEditor;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.slots.NewVisit;
import org.fieldplan.engine.slots.WindowAnswer;
import org.fieldplan.engine.slots.WindowSearch;
import org.fieldplan.engine.slots.WindowSearchResult;
import org.fieldplan.engine.slots.WindowSettings;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.geo.road.LocationsOffRoadException;
import org.fieldplan.geo.road.OffRoadLocation;
import org.fieldplan.geo.road.StreetPoint;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The public booking: services, address suggestions, free windows, holds and bookings.
 * <p>
 * Race safety: holds and bookings of one day run one at a time (a transaction-scoped advisory lock per day, which
 * includes every zone of that day: a technician may work in several zones on one day, so a lock per zone alone
 * would let two bookings in different zones both take that technician's last free time). Inside that lock the
 * window is checked again against the routes as they are then (and every other customer's hold), and only then is
 * the request stored, scheduled and put into the route, all in the same transaction.
 */
@Service
public class BookingService {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^[+0-9 ()\\-]{6,30}$");

    private final DSLContext db;
    private final BookingHorizon horizon;
    private final BookingProperties settings;
    private final PlanningProblems problems;
    private final RouteWriter routes;
    private final DayLock locks;
    private final RoadMap roadMap;
    private final RequestIntake intake;
    private final ServiceRequests requests;
    private final RequestWriter requestWriter;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ZoneId timeZone;
    private volatile @Nullable List<StreetPoint> streets;

    BookingService(DSLContext db, BookingHorizon horizon, BookingProperties settings, PlanningProblems problems,
            RouteWriter routes, DayLock locks, RoadMap roadMap, RequestIntake intake, ServiceRequests requests,
            RequestWriter requestWriter, TransactionTemplate transaction, Clock clock, FieldPlanProperties fieldPlan) {
        this.db = db;
        this.horizon = horizon;
        this.settings = settings;
        this.problems = problems;
        this.routes = routes;
        this.locks = locks;
        this.roadMap = roadMap;
        this.intake = intake;
        this.requests = requests;
        this.requestWriter = requestWriter;
        this.transaction = transaction;
        this.clock = clock;
        this.timeZone = fieldPlan.timeZone();
    }

    // ---- catalogue and addresses ------------------------------------------------------------------------------

    public List<ServiceOffer> services() {
        return horizon.services().values().stream().filter(ServiceType::active)
                .map(t -> new ServiceOffer(t.code(), t.name(), t.durationSeconds() / 60, t.price(), t.priceIsFrom()))
                .toList();
    }

    /** Street names of the map that contain every word of {@code q} (case and accents ignored), best first. */
    public List<AddressSuggestion> addresses(@Nullable String q, int limit) {
        if (q == null || q.strip().length() < 2) {
            throw new InvalidInputException("q", q, "type at least 2 letters of the street");
        }
        if (limit < 1 || limit > 50) {
            throw new InvalidInputException("limit", limit, "must be between 1 and 50");
        }
        List<StreetPoint> all = streets();
        String[] words = fold(q).split("\\s+");
        List<StreetPoint> hits = new ArrayList<>();
        for (StreetPoint s : all) {
            String name = fold(s.name());
            boolean every = true;
            for (String w : words) {
                if (!name.contains(w)) {
                    every = false;
                    break;
                }
            }
            if (every) {
                hits.add(s);
            }
        }
        String first = words[0];
        hits.sort(Comparator.comparing((StreetPoint s) -> !fold(s.name()).startsWith(first)).thenComparing(StreetPoint::name));
        State state = horizon.recent(Duration.ofMinutes(5));
        List<AddressSuggestion> out = new ArrayList<>();
        for (StreetPoint s : hits) {
            if (out.size() == limit) {
                break;
            }
            List<ZoneShape> zones = state.zonesAt(s.lat(), s.lon());
            String where = zones.isEmpty() ? "" : ", " + zones.get(0).name();
            out.add(new AddressSuggestion(s.name() + where, s.lat(), s.lon()));
        }
        return out;
    }

    private List<StreetPoint> streets() {
        List<StreetPoint> s = streets;
        if (s == null) {
            s = roadMap.roads() ? roadMap.network().streets() : List.of();
            streets = s;
        }
        return s;
    }

    private static String fold(String text) {
        return java.text.Normalizer.normalize(text.toLowerCase(java.util.Locale.ROOT), java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replace('-', ' ').replace('\'', ' ').strip();
    }

    // ---- windows ----------------------------------------------------------------------------------------------

    public Windows windows(@Nullable Double lat, @Nullable Double lon, @Nullable String service, @Nullable Integer quantity,
            @Nullable LocalDate from, @Nullable LocalDate to, @Nullable String lang) {
        BookingTexts texts = new BookingTexts(lang);
        List<FieldProblem> problems = new ArrayList<>();
        checkPoint(problems, lat, lon);
        State s = horizon.current();
        ServiceType type = serviceType(problems, s, service);
        int qty = quantity(problems, quantity);
        LocalDate first = from == null ? s.from : from;
        LocalDate last = to == null ? s.to : to;
        checkRange(problems, s, first, last, from != null, to != null);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<ZoneShape> zones = s.zonesAt(lat, lon);
        if (zones.isEmpty()) {
            return new Windows(null, type.name(), first, last, List.of(), null, texts.outsideArea(), texts.lang());
        }
        ZoneRef zone = new ZoneRef(zones.get(0).id(), zones.get(0).name());
        if (zones.stream().noneMatch(z -> z.serviceTypeIds().isEmpty() || z.serviceTypeIds().contains(type.id()))) {
            return new Windows(zone, type.name(), first, last, List.of(), null, texts.notOffered(type.name()), texts.lang());
        }
        GeoPoint point = new GeoPoint(lat, lon);
        Searched searched = search(s, point, type, qty, zones, first, last, "lat");
        List<Day> days = days(searched.result(), type, texts);
        Slot nearest = null;
        String message = null;
        if (searched.result().availableCount() == 0) {
            WindowAnswer next = searched.nearestAfter();
            if (next != null) {
                nearest = slot(next);
            }
            Set<String> codes = new LinkedHashSet<>();
            searched.result().answers().forEach(a -> codes.add(code(a)));
            message = texts.nothingFree(type.name(), first, last, codes, next == null ? null : next.day(),
                    next == null ? null : next.window());
        }
        return new Windows(zone, type.name(), first, last, days, nearest, message, texts.lang());
    }

    private record Searched(WindowSearchResult result, @Nullable WindowAnswer nearestAfter) {}

    private Searched search(State s, GeoPoint point, ServiceType type, int qty, List<ZoneShape> zones, LocalDate first,
            LocalDate last, String pointField) {
        Set<Zone> engineZones = engineZones(s, zones);
        try {
            return horizon.withPlace(s, point, zones, slot -> {
                NewVisit visit = new NewVisit(type.name(), new Location(slot, point.lat(), point.lon()),
                        (long) type.durationSeconds() * qty, type.skills(), engineZones, Visit.NO_DEADLINE, 0, type.code());
                WindowSearchResult result = s.search.search(visit, settings(first, last));
                WindowAnswer nearest = null;
                if (result.availableCount() == 0 && last.isBefore(s.to)) {
                    nearest = earliest(s.search.search(visit, settings(last.plusDays(1), s.to)).answers());
                }
                return new Searched(withPast(result), nearest);
            });
        } catch (LocationsOffRoadException e) {
            OffRoadLocation off = e.locations().get(0);
            throw new InvalidInputException(List.of(new FieldProblem(pointField, point.lat(), "the address ("
                    + point.lat() + ", " + point.lon() + ") is " + Math.round(off.distanceMetres())
                    + " m from the nearest road; move the point onto the street of the address")));
        }
    }

    /** Windows of today that have begun are not offered. */
    private WindowSearchResult withPast(WindowSearchResult result) {
        LocalDate today = LocalDate.now(clock);
        LocalTime now = LocalTime.now(clock);
        List<WindowAnswer> out = new ArrayList<>();
        for (WindowAnswer a : result.answers()) {
            if (a.day().isBefore(today) || (a.day().equals(today) && !a.window().start().isAfter(now))) {
                out.add(new WindowAnswer(a.day(), a.window(), a.start(), a.end(), null, 0, 0, null, "PAST"));
            } else {
                out.add(a);
            }
        }
        return new WindowSearchResult(out);
    }

    private static @Nullable WindowAnswer earliest(List<WindowAnswer> answers) {
        return answers.stream().filter(WindowAnswer::available)
                .min(Comparator.comparing(WindowAnswer::day).thenComparing(a -> a.window().start())).orElse(null);
    }

    private static String code(WindowAnswer a) {
        if ("PAST".equals(a.reason()) && a.unavailability() == null) {
            return "PAST";
        }
        return a.unavailability() == null ? "FULL" : a.unavailability().name();
    }

    private List<Day> days(WindowSearchResult result, ServiceType type, BookingTexts texts) {
        Map<LocalDate, List<Window>> byDay = new LinkedHashMap<>();
        List<WindowAnswer> sorted = new ArrayList<>(result.answers());
        sorted.sort(Comparator.comparing(WindowAnswer::day).thenComparing(a -> a.window().start()));
        for (WindowAnswer a : sorted) {
            Window w;
            if (a.available()) {
                w = new Window(a.window().start().toString(), a.window().end().toString(), true, a.rank(),
                        (int) Math.round(a.insertion().addedTravelSeconds() / 60.0), null, null);
            } else {
                String code = code(a);
                w = new Window(a.window().start().toString(), a.window().end().toString(), false, null, null, code,
                        code.equals("PAST") ? (texts.lang().equals("ru") ? "Время прошло" : "Already begun")
                                : texts.reason(code, type.name()));
            }
            byDay.computeIfAbsent(a.day(), d -> new ArrayList<>()).add(w);
        }
        List<Day> days = new ArrayList<>();
        byDay.forEach((d, w) -> days.add(new Day(d, w)));
        return days;
    }

    private WindowSettings settings(LocalDate from, LocalDate to) {
        return new WindowSettings(from, to, settings.defaults(), settings.byZone(), settings.byService());
    }

    /** The plan's own zone objects (identity makes the engine's many zone comparisons cheap). */
    private static Set<Zone> engineZones(State s, List<ZoneShape> zones) {
        Set<Zone> out = new java.util.HashSet<>();
        for (ZoneShape z : zones) {
            Zone known = s.planZones.get(String.valueOf(z.id()));
            out.add(known != null ? known : new Zone(String.valueOf(z.id()), z.name()));
        }
        return out;
    }

    private static Slot slot(WindowAnswer a) {
        return new Slot(a.day(), a.window().start().toString(), a.window().end().toString());
    }

    // ---- holds --------------------------------------------------------------------------------------------------

    public Hold hold(HoldInput in, @Nullable String lang) {
        List<FieldProblem> problems = new ArrayList<>();
        checkPoint(problems, in.lat(), in.lon());
        String addressLine = addressLine(problems, in.addressLine());
        State s = horizon.recent(Duration.ofSeconds(5));
        ServiceType type = serviceType(problems, s, in.service());
        int qty = quantity(problems, in.quantity());
        LocalDate day = day(problems, s, in.date());
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<ZoneShape> zones = zonesOrFail(s, in.lat(), in.lon());
        DailyWindow window = window(type, zones, in.start());
        GeoPoint point = new GeoPoint(in.lat(), in.lon());
        UUID id = UUID.randomUUID();
        OffsetDateTime expires = OffsetDateTime.now(clock).plus(settings.hold());
        WindowAnswer answer = transaction.execute(tx -> {
            lockDay(day);
            State fresh = horizon.current();
            WindowAnswer a = check(fresh, point, type, qty, zones, day, window);
            if (!a.available()) {
                return a;
            }
            long technician = fresh.loaded.shiftKeyByShiftId().get(a.insertion().shiftId()).technicianId();
            db.insertInto(BOOKING_HOLD)
                    .set(BOOKING_HOLD.ID, id)
                    .set(BOOKING_HOLD.DAY, day)
                    .set(BOOKING_HOLD.WINDOW_START, at(day, window.start()))
                    .set(BOOKING_HOLD.WINDOW_END, at(day, window.end()))
                    .set(BOOKING_HOLD.TECHNICIAN_ID, technician)
                    .set(BOOKING_HOLD.POSITION, a.insertion().position())
                    .set(BOOKING_HOLD.LOCATION, Geo.point(point.lat(), point.lon()))
                    .set(BOOKING_HOLD.ADDRESS_LINE, addressLine)
                    .set(BOOKING_HOLD.SERVICE_TYPE_ID, type.id())
                    .set(BOOKING_HOLD.QUANTITY, qty)
                    .set(BOOKING_HOLD.DURATION_SECONDS, type.durationSeconds() * qty)
                    .set(BOOKING_HOLD.EXPIRES_AT, expires)
                    .set(BOOKING_HOLD.CREATED_AT, OffsetDateTime.now(clock))
                    .execute();
            return a;
        });
        horizon.changed();
        if (!answer.available()) {
            throw taken(point, type, qty, zones, day, window, new BookingTexts(lang));
        }
        return new Hold(id, expires, settings.hold().toSeconds(), day, window.start().toString(), window.end().toString());
    }

    public void release(UUID holdId) {
        if (db.deleteFrom(BOOKING_HOLD).where(BOOKING_HOLD.ID.eq(holdId), BOOKING_HOLD.REQUEST_ID.isNull()).execute() == 0) {
            throw new NotFoundException("hold", holdId);
        }
        horizon.changed();
    }

    // ---- bookings -----------------------------------------------------------------------------------------------

    private sealed interface Outcome permits BookedOutcome, Replayed, Rejected, KeyReused {}

    private record BookedOutcome(Booked booked) implements Outcome {}

    private record Replayed(Booked booked) implements Outcome {}

    private record Rejected(String code) implements Outcome {}

    private record KeyReused() implements Outcome {}

    /** The answer of a booking and whether it was made now (201) or replayed for a repeated key (200). */
    public record BookingResult(Booked booked, boolean replayed) {}

    public BookingResult book(BookingInput in, @Nullable String idempotencyKey) {
        List<FieldProblem> problems = new ArrayList<>();
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            problems.add(new FieldProblem("Idempotency-Key", idempotencyKey,
                    "send a header Idempotency-Key with a unique value (at most 200 characters) per booking attempt"));
        }
        checkPoint(problems, in.lat(), in.lon());
        String addressLine = addressLine(problems, in.addressLine());
        State s = horizon.recent(Duration.ofSeconds(5));
        ServiceType type = serviceType(problems, s, in.service());
        int qty = quantity(problems, in.quantity());
        LocalDate day = day(problems, s, in.date());
        String name = in.contact() == null ? null : trim(in.contact().name());
        String phone = in.contact() == null ? null : trim(in.contact().phone());
        String email = in.contact() == null ? null : trim(in.contact().email());
        if (name == null) {
            problems.add(new FieldProblem("contact.name", null, "is required: who should the technician ask for?"));
        } else if (name.length() > 200) {
            problems.add(new FieldProblem("contact.name", name, "is longer than 200 characters"));
        }
        if (phone == null && email == null) {
            problems.add(new FieldProblem("contact.phone", null, "give a phone number or an e-mail address so we can confirm"));
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problems.add(new FieldProblem("contact.phone", phone, "is not a phone number (digits, spaces, + ( ) -, 6 to 30 characters)"));
        }
        if (email != null && (email.length() > 200 || !EMAIL.matcher(email).matches())) {
            problems.add(new FieldProblem("contact.email", email, "is not an e-mail address like name@example.com"));
        }
        String comment = trim(in.comment());
        if (comment != null && comment.length() > 2000) {
            problems.add(new FieldProblem("comment", comment.length() + " characters", "is longer than 2000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<ZoneShape> zones = zonesOrFail(s, in.lat(), in.lon());
        DailyWindow window = window(type, zones, in.start());
        GeoPoint point = new GeoPoint(in.lat(), in.lon());
        checkOnRoad(point);
        String bodyHash = sha256(in.toString());
        OffsetDateTime now = OffsetDateTime.now(clock);

        Outcome outcome = transaction.execute(tx -> {
            int fresh = db.insertInto(BOOKING_IDEMPOTENCY)
                    .set(BOOKING_IDEMPOTENCY.IDEMPOTENCY_KEY, idempotencyKey)
                    .set(BOOKING_IDEMPOTENCY.BODY_SHA256, bodyHash)
                    .set(BOOKING_IDEMPOTENCY.RESPONSE, "")
                    .set(BOOKING_IDEMPOTENCY.CREATED_AT, now)
                    .onConflictDoNothing().execute();
            if (fresh == 0) {
                var stored = db.selectFrom(BOOKING_IDEMPOTENCY).where(BOOKING_IDEMPOTENCY.IDEMPOTENCY_KEY.eq(idempotencyKey))
                        .fetchSingle();
                return stored.getBodySha256().equals(bodyHash) ? new Replayed(decode(stored.getResponse())) : new KeyReused();
            }
            lockDay(day);
            long customerId = customer(name, phone, email);
            CurrentUser site = CurrentUser.system("public booking site");
            ServiceRequestView request = intake.intake(new NewServiceRequest(customerId, null,
                    new NewServiceRequest.AddressInput(addressLine, point.lat(), point.lon()),
                    List.of(new NewServiceRequest.ServiceLine(null, type.code(), qty)), "site", 3,
                    at(day, LocalTime.of(23, 59)), new PreferredWindow(at(day, window.start()), at(day, window.end())),
                    comment), site);
            long requestId = request.id();
            String note = "Booked on the public site for " + day + " " + window;
            RequestWriter.PromisedWindow promised = new RequestWriter.PromisedWindow(at(day, window.start()), at(day, window.end()));
            requestWriter.promiseWindow(requestId, promised, note + ".", site);
            requests.changeStatus(requestId, null, new StatusChange("quoted", note, null), site);
            requests.changeStatus(requestId, null, new StatusChange("agreed", note, null), site);

            // the window again, against the routes as they are now and every other customer's hold
            LoadedPlan loaded = this.problems.load(new PlanScope(day, day, Set.of()),
                    new LoadOptions(horizon.holds(day, day, in.holdId()), 0, true, Set.of(requestId)));
            Visit visit = loaded.visitOf(requestId);
            NewVisit newVisit = new NewVisit(visit.getLabel(), visit.getLocation(), visit.getServiceDuration(),
                    visit.getRequiredSkills(), visit.getZones(), Visit.NO_DEADLINE, 0, type.code());
            WindowAnswer answer = WindowSearch.prepare(loaded.plan()).check(newVisit, day, window);
            if (!answer.available()) {
                tx.setRollbackOnly();
                return new Rejected(code(answer));
            }
            Shift shift = loaded.plan().getShifts().stream().filter(x -> x.getId().equals(answer.insertion().shiftId()))
                    .findFirst().orElseThrow();
            RouteEditor.insert(shift, visit, answer.insertion().position());
            routes.saveShifts(loaded, List.of(shift), null, null);
            requestWriter.schedule(requestId, loaded.technicianId(shift), promised, note + ".", site);
            if (in.holdId() != null) {
                db.update(BOOKING_HOLD).set(BOOKING_HOLD.REQUEST_ID, requestId).where(BOOKING_HOLD.ID.eq(in.holdId())).execute();
            }
            Booked booked = new Booked(request.registrationNumber(), requestId, day, window.start().toString(),
                    window.end().toString());
            db.update(BOOKING_IDEMPOTENCY).set(BOOKING_IDEMPOTENCY.RESPONSE, encode(booked))
                    .set(BOOKING_IDEMPOTENCY.REQUEST_ID, requestId)
                    .where(BOOKING_IDEMPOTENCY.IDEMPOTENCY_KEY.eq(idempotencyKey)).execute();
            return new BookedOutcome(booked);
        });
        horizon.changed();
        return switch (outcome) {
            case BookedOutcome b -> new BookingResult(b.booked(), false);
            case Replayed r -> new BookingResult(r.booked(), true);
            case KeyReused k -> throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "Idempotency-Key used for another booking", "The Idempotency-Key " + idempotencyKey
                    + " was already used for a different booking; generate a new key for a new booking.", Map.of());
            case Rejected r -> throw taken(point, type, qty, zones, day, window, new BookingTexts(in.lang()));
        };
    }

    private ConflictException taken(GeoPoint point, ServiceType type, int qty, List<ZoneShape> zones, LocalDate day,
            DailyWindow window, BookingTexts texts) {
        State s = horizon.recent(Duration.ofSeconds(2)); // suggestions; the booking itself re-checks
        List<Slot> alternatives = new ArrayList<>();
        Searched searched = search(s, point, type, qty, zones, s.from, s.to, "lat");
        searched.result().answers().stream().filter(WindowAnswer::available)
                .filter(a -> !(a.day().equals(day) && a.window().equals(window))) // just taken, whatever a moment-old search says
                .sorted(Comparator.comparing((WindowAnswer a) -> Math.abs(a.day().toEpochDay() - day.toEpochDay()))
                        .thenComparing(a -> Math.abs(a.window().start().toSecondOfDay() - window.start().toSecondOfDay())))
                .limit(5).forEach(a -> alternatives.add(slot(a)));
        String detail = (texts.lang().equals("ru") ? "Окно " + day + " " + BookingTexts.window(window)
                + " уже занято; выберите другое." : "The window " + texts.dayName(day) + " " + BookingTexts.window(window)
                + " has just been taken; choose another.");
        return new ConflictException(detail, Map.of("alternatives", alternatives));
    }

    private WindowAnswer check(State s, GeoPoint point, ServiceType type, int qty, List<ZoneShape> zones, LocalDate day,
            DailyWindow window) {
        Set<Zone> engineZones = engineZones(s, zones);
        return horizon.withPlace(s, point, zones, slot -> s.search.check(new NewVisit(type.name(),
                new Location(slot, point.lat(), point.lon()), (long) type.durationSeconds() * qty, type.skills(),
                engineZones, Visit.NO_DEADLINE, 0, type.code()), day, window));
    }

    /** The day's lock, the one every route writer takes ({@link DayLock}). */
    private void lockDay(LocalDate day) {
        locks.lock(day);
    }

    private long customer(String name, @Nullable String phone, @Nullable String email) {
        if (email != null) {
            Long existing = db.select(CUSTOMER.ID).from(CUSTOMER)
                    .where(org.jooq.impl.DSL.lower(CUSTOMER.EMAIL).eq(email.toLowerCase(java.util.Locale.ROOT)))
                    .orderBy(CUSTOMER.ID).limit(1).fetchOne(CUSTOMER.ID);
            if (existing != null) {
                return existing;
            }
        }
        return db.insertInto(CUSTOMER).set(CUSTOMER.NAME, name).set(CUSTOMER.KIND, "resident")
                .set(CUSTOMER.EMAIL, email).set(CUSTOMER.PHONE, phone).set(CUSTOMER.CREATED_AT, OffsetDateTime.now(clock))
                .returningResult(CUSTOMER.ID).fetchSingle().value1();
    }

    // ---- input checks ---------------------------------------------------------------------------------------------

    private static void checkPoint(List<FieldProblem> problems, @Nullable Double lat, @Nullable Double lon) {
        if (lat == null || !(lat >= -90 && lat <= 90)) {
            problems.add(new FieldProblem("lat", lat, "give the address's latitude in degrees, -90 to 90 (e.g. 35.8989)"));
        }
        if (lon == null || !(lon >= -180 && lon <= 180)) {
            problems.add(new FieldProblem("lon", lon, "give the address's longitude in degrees, -180 to 180 (e.g. 14.5146)"));
        }
    }

    private void checkOnRoad(GeoPoint point) {
        List<OffRoadLocation> off = roadMap.offRoad(List.of(point));
        if (!off.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldProblem("lat", point.lat(), "the address (" + point.lat()
                    + ", " + point.lon() + ") is " + Math.round(off.get(0).distanceMetres())
                    + " m from the nearest road; move the point onto the street of the address")));
        }
    }

    private static @Nullable String addressLine(List<FieldProblem> problems, @Nullable String line) {
        String t = trim(line);
        if (t == null) {
            problems.add(new FieldProblem("addressLine", line, "is required: street, house number and town"));
        } else if (t.length() > 500) {
            problems.add(new FieldProblem("addressLine", t, "is longer than 500 characters"));
        }
        return t;
    }

    private static ServiceType serviceType(List<FieldProblem> problems, State s, @Nullable String code) {
        ServiceType type = code == null ? null : s.services.get(code);
        if (type == null || !type.active()) {
            problems.add(new FieldProblem("service", code, "is not a service we offer; choose one of "
                    + s.services.values().stream().filter(ServiceType::active).map(ServiceType::code).toList()));
            return s.services.values().stream().findFirst().orElse(new ServiceType(0, "", "", 3600, Set.of(), false,
                    java.math.BigDecimal.ZERO, false));
        }
        return type;
    }

    private static int quantity(List<FieldProblem> problems, @Nullable Integer quantity) {
        int q = quantity == null ? 1 : quantity;
        if (q < 1 || q > 100) {
            problems.add(new FieldProblem("quantity", quantity, "must be between 1 and 100"));
            return 1;
        }
        return q;
    }

    private static void checkRange(List<FieldProblem> problems, State s, LocalDate from, LocalDate to, boolean fromGiven,
            boolean toGiven) {
        if (fromGiven && from.isBefore(s.from)) {
            problems.add(new FieldProblem("from", from, "the first day open for booking is " + s.from));
        }
        if (toGiven && to.isAfter(s.to)) {
            problems.add(new FieldProblem("to", to, "bookings are open until " + s.to));
        }
        if (to.isBefore(from)) {
            problems.add(new FieldProblem("to", to, "is before from (" + from + ")"));
        }
    }

    private static LocalDate day(List<FieldProblem> problems, State s, @Nullable LocalDate date) {
        if (date == null) {
            problems.add(new FieldProblem("date", null, "is required, e.g. " + s.from));
            return s.from;
        }
        if (date.isBefore(s.from) || date.isAfter(s.to)) {
            problems.add(new FieldProblem("date", date, "bookings are open from " + s.from + " to " + s.to));
        }
        return date;
    }

    private static List<ZoneShape> zonesOrFail(State s, double lat, double lon) {
        List<ZoneShape> zones = s.zonesAt(lat, lon);
        if (zones.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldProblem("lat", lat, "the address (" + lat + ", " + lon
                    + ") is outside every service zone; we cannot send a technician there")));
        }
        return zones;
    }

    private DailyWindow window(ServiceType type, List<ZoneShape> zones, @Nullable String start) {
        List<DailyWindow> offered = settings(LocalDate.now(clock), LocalDate.now(clock))
                .windowsFor(type.code(), engineZones(horizon.recent(Duration.ofMinutes(5)), zones));
        for (DailyWindow w : offered) {
            if (start != null && (w.start().toString().equals(start.strip()) || (start.strip() + ":00").equals(w.start().toString()))) {
                return w;
            }
        }
        throw new InvalidInputException(List.of(new FieldProblem("start", start, "no booking window starts then; windows start at "
                + offered.stream().map(w -> w.start().toString()).toList())));
    }

    private OffsetDateTime at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(timeZone).toOffsetDateTime();
    }

    private static @Nullable String trim(@Nullable String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    private static String encode(Booked b) {
        return String.join("|", b.registrationNumber(), String.valueOf(b.requestId()), b.date().toString(), b.start(), b.end());
    }

    private static Booked decode(String s) {
        String[] p = s.split("\\|");
        return new Booked(p[0], Long.parseLong(p[1]), LocalDate.parse(p[2]), p[3], p[4]);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
