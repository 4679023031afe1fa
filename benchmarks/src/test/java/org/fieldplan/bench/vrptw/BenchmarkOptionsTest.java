package org.fieldplan.bench.vrptw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    private static final Path DATA = SolomonParserTest.solomonDir().getParent();

    @Test
    void defaultsToEveryInstanceEveryPeerAndThirtySeconds() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[0], DATA, Path.of("/repo"));
        assertThat(o.instances()).hasSize(56).startsWith("C101").endsWith("RC208");
        assertThat(o.solvers()).containsExactly("fieldplan", "jsprit", "ortools", "timefold");
        assertThat(o.seconds()).isEqualTo(30);
        assertThat(o.parallel()).isEqualTo(1);
        assertThat(o.bks()).isEqualTo(DATA.resolve("solomon").resolve("bks.csv"));
        assertThat(o.outDir()).isEqualTo(Path.of("/repo/benchmarks/results"));
    }

    @Test
    void readsEveryOption() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[] {"--instances", "c101, r201", "--seconds", "5",
                "--peers", "ortools", "--parallel", "2", "--seed", "9", "--warmup", "0"}, DATA, Path.of("/repo"));
        assertThat(o.instances()).isEqualTo(List.of("C101", "R201"));
        assertThat(o.solvers()).containsExactly("fieldplan", "ortools");
        assertThat(o.seconds()).isEqualTo(5);
        assertThat(o.parallel()).isEqualTo(2);
        assertThat(o.seed()).isEqualTo(9);
        assertThat(o.warmupSeconds()).isZero();
    }

    @Test
    void reportsEveryBadOptionAtOnce() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--instances", "C101,X999", "--seconds", "0",
                "--peers", "foo", "--bogus", "1"}, DATA, Path.of("/repo")))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("--seconds: '0' is not a positive integer")
                .hasMessageContaining("--peers: unknown peer 'foo'")
                .hasMessageContaining("unknown option '--bogus'")
                .hasMessageContaining("--instances: no file for 'X999'");
    }
}
