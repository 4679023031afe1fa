package org.fieldplan.bench.vrptw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a run on instances without a best-known table: each against the run's best answer. */
class ReportTest {

    @Test
    void withoutABestKnownTableEachInstanceIsMeasuredAgainstTheShortestFeasibleAnswer(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("X1.txt"), "x");
        Files.writeString(dir.resolve("X2.txt"), "x");
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--dir", dir.toString(), "--peers",
                "jsprit,timefold"}, dir, dir);
        assertThat(options.bks()).isNull();
        assertThat(options.instances()).containsExactly("X1", "X2");
        List<VrptwBenchmark.Outcome> outcomes = List.of(
                outcome("X1", "fieldplan", 100.0, 10, true),
                outcome("X1", "jsprit", 110.0, 11, true),
                outcome("X1", "timefold", 90.0, 12, false), // infeasible: not a reference
                outcome("X2", "fieldplan", 205.0, 20, true),
                outcome("X2", "jsprit", 200.0, 19, true),
                outcome("X2", "timefold", 250.0, 25, true));
        Report report = new Report(options, Map.of(), outcomes);

        assertThat(report.reference("X1")).isEqualTo(100.0);
        assertThat(report.reference("X2")).isEqualTo(200.0);
        // fieldplan: 0 % and 2.5 %; jsprit: 10 % and 0 %; timefold: X2 only, 25 %
        assertThat(report.averageGap("fieldplan")).isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.averageGap("jsprit")).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.averageGap("timefold")).isCloseTo(25.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.averageLine()).isEqualTo("average gap: fieldplan 1.25% | jsprit 5.00% | timefold 25.00%"
                + " (against the best answer of this run: no best-known table)");
        assertThat(report.vehiclesLine()).isEqualTo("average vehicles: fieldplan 15.0 | jsprit 15.0 | timefold 25.0");
        String table = report.table();
        assertThat(table).contains("best of run").contains("jsprit distance").contains("timefold vehicles");
        assertThat(table.lines().filter(l -> l.startsWith("X1")).findFirst().orElseThrow())
                .contains("110.00").contains("NO");
    }

    private static VrptwBenchmark.Outcome outcome(String instance, String solver, double distance, int vehicles,
            boolean feasible) {
        return new VrptwBenchmark.Outcome(instance, solver, new SolutionChecker.Result(distance, vehicles,
                feasible ? List.of() : List.of("route 0: late")), 1.0, null, "");
    }
}
