package org.fieldplan.bench.vrptw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BestKnownTest {

    @Test
    void readsTheDistanceOnlyColumnByName() {
        Map<String, BestKnown> bks = BestKnown.parse(List.of(
                "instance,vehicles,distance,source,distance_only,distance_only_vehicles,dimacs_cost_x10,dimacs_vehicles",
                "R101,19,1650.80,someone (a; b),1607.7,20,16435,20"), "t.csv");
        assertThat(bks.get("R101")).isEqualTo(new BestKnown("R101", 1607.7, 20, 1650.80, 19, 1643.5));
        assertThat(bks.get("R101").reference()).isEqualTo(1643.5);
        assertThat(bks.get("R101").referenceKind()).startsWith("DIMACS optimum");
    }

    @Test
    void theDimacsOptimumIsTheReferenceOnlyWhenDistanceOnlyIsBelowIt() {
        Map<String, BestKnown> bks = BestKnown.parse(List.of(
                "instance,vehicles,distance,source,distance_only,distance_only_vehicles,dimacs_cost_x10,dimacs_vehicles",
                "C101,10,828.94,x,828.94,10,8273,10", "R109,11,1194.73,x,1101.37,13,11469,13",
                "R102,17,1486.12,x,1472.81,18,,"), "t.csv");
        assertThat(bks.get("C101").reference()).isEqualTo(828.94);
        assertThat(bks.get("C101").referenceKind()).isEqualTo("best known");
        assertThat(bks.get("R109").reference()).isCloseTo(1146.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(bks.get("R102").reference()).isEqualTo(1472.81);
        assertThat(bks.get("R102").dimacsOptimum()).isNaN();
    }

    @Test
    void readsTheSharedTable() {
        Map<String, BestKnown> bks = BestKnown.read(SolomonParserTest.solomonDir().resolve("bks.csv"));
        assertThat(bks).hasSize(56);
        assertThat(bks.get("C101").distanceOnly()).isEqualTo(828.94);
        // the two rows whose distance_only lies below the DIMACS optimum (a lower bound under the exact rules)
        assertThat(bks.values().stream().filter(BestKnown::isDimacsReference).map(BestKnown::instance))
                .containsExactlyInAnyOrder("R109", "RC103");
    }

    @Test
    void namesAMissingColumn() {
        assertThatThrownBy(() -> BestKnown.parse(List.of("instance,vehicles,distance"), "t.csv"))
                .hasMessageContaining("no column 'distance_only'");
    }

    @Test
    void gapIsRelativeToTheBestKnownInPercent() {
        assertThat(Report.gap(110.0, 100.0)).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
