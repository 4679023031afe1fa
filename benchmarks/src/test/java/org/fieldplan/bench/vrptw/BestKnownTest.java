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
        assertThat(bks.get("R101")).isEqualTo(new BestKnown("R101", 1607.7, 20, 1650.80, 19));
    }

    @Test
    void readsTheSharedTable() {
        Map<String, BestKnown> bks = BestKnown.read(SolomonParserTest.solomonDir().resolve("bks.csv"));
        assertThat(bks).hasSize(56);
        assertThat(bks.get("C101").distanceOnly()).isEqualTo(828.94);
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
