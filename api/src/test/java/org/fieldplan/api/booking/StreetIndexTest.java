package org.fieldplan.api.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fieldplan.geo.road.StreetPoint;
import org.junit.jupiter.api.Test;

class StreetIndexTest {

    private static StreetPoint street(String name) {
        return new StreetPoint(name, 35.9, 14.5);
    }

    private static List<String> names(StreetIndex.Found found) {
        return found.streets().stream().map(StreetPoint::name).toList();
    }

    private final StreetIndex index = new StreetIndex(List.of(street("Triq il-Kbira"), street("Triq San Pawl"),
            street("Pjazza San Pawl"), street("Sqaq il-Kbir"), street("Triq Ħal Qormi"), street("Kbira Street"),
            street("Triq l-Imdina")));

    @Test
    void everyWordMustAppearAndStreetsStartingWithTheFirstWordComeFirst() {
        assertThat(names(index.find("san pawl", 8))).containsExactly("Pjazza San Pawl", "Triq San Pawl");
        assertThat(names(index.find("kbira", 8))).containsExactly("Kbira Street", "Triq il-Kbira");
        assertThat(names(index.find("triq pawl", 8))).containsExactly("Triq San Pawl");
    }

    @Test
    void caseAccentsHyphensAndApostrophesAreIgnored() {
        assertThat(names(index.find("QORMI", 8))).containsExactly("Triq Ħal Qormi");
        assertThat(names(index.find("ħal", 8))).containsExactly("Triq Ħal Qormi");
        assertThat(names(index.find("l imdina", 8))).containsExactly("Triq l-Imdina");
        assertThat(names(index.find("il-kbir", 8))).containsExactly("Sqaq il-Kbir", "Triq il-Kbira");
    }

    @Test
    void twoLettersAreEnoughAndTheLimitHolds() {
        assertThat(names(index.find("tr", 2))).containsExactly("Triq San Pawl", "Triq il-Kbira");
        assertThat(names(index.find("xy", 8))).isEmpty();
        assertThat(names(index.find("q", 8))).as("one letter selects nothing from the index").isEmpty();
    }

    @Test
    void aSelectiveQueryChecksOnlyItsCandidatesNotEveryStreet() {
        List<StreetPoint> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(street("Triq Numru " + i));
        }
        many.add(street("Triq Xewkija"));
        StreetIndex big = new StreetIndex(many);
        StreetIndex.Found found = big.find("xewk", 8);
        assertThat(names(found)).containsExactly("Triq Xewkija");
        assertThat(found.candidatesChecked()).isLessThanOrEqualTo(1);
        StreetIndex.Found common = big.find("triq", 8);
        assertThat(common.streets()).hasSize(8);
        assertThat(common.candidatesChecked()).as("stops at the limit once the first group is full").isEqualTo(8);
    }
}
