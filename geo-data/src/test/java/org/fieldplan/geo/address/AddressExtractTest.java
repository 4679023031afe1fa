package org.fieldplan.geo.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.fieldplan.geo.address.AddressEntry.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The address entries of the real Malta extract (2018). */
class AddressExtractTest {

    private static AddressExtract.Result malta;

    @BeforeAll
    static void read() {
        String dir = System.getProperty("fieldplan.data.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv().getOrDefault("FIELDPLAN_DATA_DIR", "../shared/data");
        }
        malta = AddressExtract.read(Path.of(dir, "osm", "malta-2018-08-27.osm.pbf"), "name:en");
        System.out.printf("Malta: %d houses, %d streets, %d places, sha256 %s%n", malta.houses(), malta.streets(),
                malta.places(), malta.sha256());
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
}
