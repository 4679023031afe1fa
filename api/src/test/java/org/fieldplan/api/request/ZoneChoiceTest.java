package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.fieldplan.api.request.ZoneChoice.Candidate;
import org.junit.jupiter.api.Test;

class ZoneChoiceTest {

    private static final Candidate CITY = new Candidate(1, "Valletta", 2_500_000.0, 10L);
    private static final Candidate DISTRICT = new Candidate(7, "Valletta harbour", 300_000.0, 11L);
    private static final Candidate TWIN_LOW = new Candidate(4, "North A", 800_000.2, 12L);
    private static final Candidate TWIN_HIGH = new Candidate(5, "North B", 799_999.9, null);

    @Test
    void noCoveringZoneMeansOutsideTheServiceArea() {
        assertThat(ZoneChoice.choose(List.of())).isEmpty();
    }

    @Test
    void theSmallerZoneWins() {
        assertThat(ZoneChoice.choose(List.of(CITY, DISTRICT))).contains(DISTRICT);
    }

    @Test
    void equalAreasInWholeSquareMetresGoToTheLowerZoneId() {
        assertThat(ZoneChoice.choose(List.of(TWIN_HIGH, TWIN_LOW))).contains(TWIN_LOW);
    }

    @Test
    void theChoiceDoesNotDependOnTheOrderOfCandidates() {
        long seed = 20261122L;
        Random random = new Random(seed);
        List<Candidate> candidates = new ArrayList<>(List.of(CITY, DISTRICT, TWIN_LOW, TWIN_HIGH));
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(candidates, random);
            assertThat(ZoneChoice.choose(candidates)).as("seed %d, order %s", seed, candidates).contains(DISTRICT);
        }
    }
}
