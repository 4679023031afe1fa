package org.fieldplan.geo.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.fieldplan.geo.address.AddressEntry.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The address entries of the real Malta extract (2018). Localities come from Malta's local councils (administrative
 * boundaries of level 8); where an entry's council is checked, it is checked against {@link RawBoundaries}, which
 * reads the council's ways from the extract and ray-casts, without the assembly under test.
 */
class AddressExtractTest {

    private static Path extract;
    private static AddressExtract.Result malta;
    private static RawBoundaries councils;

    @BeforeAll
    static void read() {
        String dir = System.getProperty("fieldplan.data.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv().getOrDefault("FIELDPLAN_DATA_DIR", "../shared/data");
        }
        extract = Path.of(dir, "osm", "malta-2018-08-27.osm.pbf");
        long started = System.nanoTime();
        malta = AddressExtract.read(extract, "name:en");
        System.out.printf("Malta: %d houses, %d streets, %d places, %d boundaries (%d entries placed by one) in %d ms,"
                + " sha256 %s%n", malta.houses(), malta.streets(), malta.places(), malta.boundaries(), malta.byBoundary(),
                (System.nanoTime() - started) / 1_000_000, malta.sha256());
        councils = new RawBoundaries(extract, "8");
    }

    @Test
    void readsHouseNumbersStreetsAndPlaces() {
        assertThat(malta.houses()).as("objects with addr:housenumber + addr:street").isBetween(300, 1000);
        assertThat(malta.streets()).as("named streets per locality").isGreaterThan(1000);
        assertThat(malta.places()).isGreaterThan(50);
        assertThat(malta.sha256()).hasSize(64);
    }

    @Test
    void everyEntryLiesOnMaltaAndHasALocality() {
        for (AddressEntry e : malta.entries()) {
            assertThat(e.lat()).as(e.toString()).isBetween(35.7, 36.1);
            assertThat(e.lon()).as(e.toString()).isBetween(14.1, 14.6);
            assertThat(e.street()).isNotBlank();
            assertThat(e.houseNumber() == null).isEqualTo(e.kind() == Kind.STREET);
        }
        long withoutLocality = malta.entries().stream().filter(e -> e.locality().isEmpty()).count();
        assertThat(withoutLocality).isZero();
    }

    @Test
    void aStreetOfOneNameInSeveralTownsIsOneEntryPerTown() {
        List<AddressEntry> kbira = malta.entries().stream()
                .filter(e -> e.kind() == Kind.STREET && e.street().equals("Triq il-Kbira")).toList();
        System.out.println("Triq il-Kbira in: " + kbira.stream().map(AddressEntry::locality).toList());
        assertThat(kbira.stream().map(AddressEntry::locality).distinct().count()).isEqualTo(kbira.size()).isGreaterThan(3);
        assertThat(kbira).extracting(AddressEntry::locality).contains("Mosta");
    }

    @Test
    void everyLocalCouncilOfTheExtractBecomesAnArea() {
        assertThat(councils.relations).as("Malta 2018 has 67 of its 68 local councils mapped (Tarxien is missing)")
                .hasSize(67);
        assertThat(malta.boundaries()).isEqualTo(councils.relations.size());
        assertThat(malta.byBoundary()).as("almost every entry lies in a council").isGreaterThan(malta.entries().size() * 9 / 10);
    }

    /**
     * Triq Għargħur runs out of Naxxar towards Għargħur: its Naxxar end is nearer Għargħur's place node than Naxxar's,
     * so the nearest-place rule put it in Għargħur; the council boundary holds it in Naxxar.
     */
    @Test
    void aStreetNearACouncilBorderTakesTheCouncilThatHoldsItNotTheNearestPlace() {
        List<AddressEntry> street = streets("Triq Gharghur");
        assertThat(street).isNotEmpty();
        RawBoundaries.Relation naxxar = councils.named("Naxxar");
        RawBoundaries.Relation gharghur = councils.named("Gharghur");
        boolean nearestWasWrong = false;
        for (AddressEntry e : street) {
            assertThat(councils.contains(naxxar, e.lat(), e.lon())).as("inside Naxxar's council: " + e).isTrue();
            assertThat(councils.contains(gharghur, e.lat(), e.lon())).as("outside Għargħur's: " + e).isFalse();
            assertThat(e.locality()).isEqualTo("Naxxar");
            nearestWasWrong |= councils.nearestPlace(e.lat(), e.lon()).name().equals("Ħal Għargħur");
        }
        assertThat(nearestWasWrong).as("the nearest place node of some part of the street is Għargħur's").isTrue();

        // the same extract read with places only (admin level blank) gives the old, wrong answer
        AddressExtract.Result placesOnly = AddressExtract.read(extract, "name:en", "");
        assertThat(placesOnly.boundaries()).isZero();
        assertThat(placesOnly.entries()).filteredOn(e -> e.kind() == Kind.STREET && e.street().equals("Triq Gharghur"))
                .extracting(AddressEntry::locality).contains("Gharghur");
    }

    @Test
    void aHouseNumberTakesTheCouncilThatHoldsTheDoor() {
        AddressEntry blanche = malta.entries().stream()
                .filter(e -> e.kind() == Kind.HOUSE && e.street().equals("Blanche Street") && "1".equals(e.houseNumber()))
                .findFirst().orElseThrow();
        assertThat(councils.holding(blanche.lat(), blanche.lon())).extracting(RawBoundaries.Relation::nameEn)
                .containsExactly("Sliema");
        assertThat(councils.nearestPlace(blanche.lat(), blanche.lon()).name()).as("the old rule's answer")
                .isEqualTo("Il-Gżira");
        assertThat(blanche.locality()).isEqualTo("Sliema");
        assertThat(blanche.localityAlt().split(";")).contains("Tas-Sliema");
    }

    @Test
    void outsideEveryCouncilTheNearestPlaceNamesTheLocality() {
        AddressEntry door = malta.entries().stream()
                .filter(e -> e.kind() == Kind.HOUSE && e.street().equals("Triq Paola") && "74C".equals(e.houseNumber()))
                .findFirst().orElseThrow();
        assertThat(councils.holding(door.lat(), door.lon())).as("Tarxien has no council boundary in this extract")
                .isEmpty();
        assertThat(councils.nearestPlace(door.lat(), door.lon()).name()).isEqualTo("Ħal Tarxien");
        assertThat(door.locality()).isEqualTo("Tarxien");
    }

    @Test
    void triqIlKbiraInMostaLiesInMostasCouncil() {
        List<AddressEntry> kbira = streets("Triq il-Kbira").stream().filter(e -> e.locality().equals("Mosta")).toList();
        assertThat(kbira).hasSize(1);
        assertThat(councils.contains(councils.named("Mosta"), kbira.getFirst().lat(), kbira.getFirst().lon())).isTrue();
        assertThat(kbira.getFirst().localityAlt().split(";")).contains("Il-Mosta");
    }

    /** Buġibba is part of St Paul's Bay's council: its streets read "St Paul's Bay" and are still found by "Buġibba". */
    @Test
    void aPlaceInsideACouncilStaysSearchable() {
        List<AddressEntry> inBugibba = malta.entries().stream()
                .filter(e -> List.of(e.localityAlt().split(";")).contains("Buġibba")).toList();
        assertThat(inBugibba).hasSizeGreaterThan(20);
        RawBoundaries.Relation stPauls = councils.named("Saint Paul's Bay");
        for (AddressEntry e : inBugibba) {
            assertThat(e.locality()).isEqualTo("Saint Paul's Bay");
            assertThat(councils.contains(stPauls, e.lat(), e.lon()) || e.kind() == Kind.STREET).as(e.toString()).isTrue();
        }
    }

    /**
     * Monaco's extract at the default level: Monaco and the French communes around it (Beausoleil, Cap-d'Ail, ...) are
     * communes of level 8, some of them cut by the extract's edge. Every door inside a commune that the extract holds
     * whole lies in that commune.
     */
    @Test
    void anotherCountrysExtractGetsItsCommunesAtTheDefaultLevel() {
        Path monacoExtract = extract.resolveSibling("monaco-2016-03-05.osm.pbf");
        AddressExtract.Result monaco = AddressExtract.read(monacoExtract, "name:en");
        RawBoundaries communes = new RawBoundaries(monacoExtract, AddressExtract.DEFAULT_ADMIN_LEVEL);
        long whole = communes.relations.values().stream().filter(communes::complete).count();
        assertThat(whole).as("communes the extract holds whole").isGreaterThan(3);
        assertThat(monaco.boundaries()).isBetween((int) whole, communes.relations.size());
        int checked = 0;
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (AddressEntry e : monaco.entries()) {
            List<RawBoundaries.Relation> holding = communes.holding(e.lat(), e.lon()).stream()
                    .filter(communes::complete).toList();
            if (e.kind() != Kind.HOUSE || holding.size() != 1) {
                continue;
            }
            String name = holding.getFirst().name();
            assertThat(e.locality().equals(name) || List.of(e.localityAlt().split(";")).contains(name))
                    .as(e + " lies in " + name).isTrue();
            seen.add(name);
            checked++;
        }
        System.out.println("Monaco: " + monaco.boundaries() + " communes, whole in the extract: " + communes.relations
                .values().stream().filter(communes::complete).map(RawBoundaries.Relation::name).sorted().toList() + "; "
                + checked + " doors checked in " + seen);
        assertThat(checked).isGreaterThan(20);
        assertThat(seen).contains("Monaco");
    }

    private static List<AddressEntry> streets(String name) {
        return malta.entries().stream().filter(e -> e.kind() == Kind.STREET && e.street().equals(name)).toList();
    }
}
