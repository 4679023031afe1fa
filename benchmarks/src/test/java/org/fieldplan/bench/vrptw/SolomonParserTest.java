package org.fieldplan.bench.vrptw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SolomonParserTest {

    static Path solomonDir() {
        String data = System.getProperty("fieldplan.data.dir", System.getenv("FIELDPLAN_DATA_DIR"));
        return (data == null ? Path.of("../../shared/data") : Path.of(data)).resolve("solomon");
    }

    @Test
    void readsRowsByShapeNotByColumnWithCrlf() {
        String text = "TINY\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  3  50\r\n\r\nCUSTOMER\r\n"
                + "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n\r\n"
                + "    0      40   50    0     0   1236    0\r\n"
                + "1 45 68 10 912 967 90\r\n"
                + "  2        45         70    30   825   870     90   \r\n";
        SolomonInstance instance = SolomonParser.parse(text, "fallback", "test");
        assertThat(instance.name()).isEqualTo("TINY");
        assertThat(instance.vehicles()).isEqualTo(3);
        assertThat(instance.capacity()).isEqualTo(50);
        assertThat(instance.nodes()).containsExactly(
                new SolomonInstance.Node(0, 40, 50, 0, 0, 1236, 0),
                new SolomonInstance.Node(1, 45, 68, 10, 912, 967, 90),
                new SolomonInstance.Node(2, 45, 70, 30, 825, 870, 90));
        assertThat(instance.distance(1, 2)).isEqualTo(2.0);
        assertThat(instance.distance(0, 1)).isEqualTo(Math.sqrt(25 + 324));
    }

    @Test
    void readsTheRealFilesIncludingR101sDifferentSpacing() {
        SolomonInstance c101 = SolomonParser.read(solomonDir().resolve("C101.txt"));
        assertThat(c101.name()).isEqualTo("C101");
        assertThat(c101.vehicles()).isEqualTo(25);
        assertThat(c101.capacity()).isEqualTo(200);
        assertThat(c101.customerCount()).isEqualTo(100);
        assertThat(c101.depot()).isEqualTo(new SolomonInstance.Node(0, 40, 50, 0, 0, 1236, 0));
        assertThat(c101.nodes().get(1)).isEqualTo(new SolomonInstance.Node(1, 45, 68, 10, 912, 967, 90));

        SolomonInstance r101 = SolomonParser.read(solomonDir().resolve("R101.txt"));
        assertThat(r101.customerCount()).isEqualTo(100);
        assertThat(r101.depot()).isEqualTo(new SolomonInstance.Node(0, 35, 35, 0, 0, 230, 0));
        assertThat(r101.nodes().get(100).id()).isEqualTo(100);
    }

    @Test
    void rejectsARowWithTheWrongNumberOfIntegersNamingTheLine() {
        String text = "BAD\nVEHICLE\nNUMBER CAPACITY\n2 10\nCUSTOMER\n0 0 0 0 0 100 0\n1 1 1 1 1 1\n";
        assertThatThrownBy(() -> SolomonParser.parse(text, "BAD", "bad.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.txt line 7")
                .hasMessageContaining("seven integers");
    }

    @Test
    void rejectsAWindowThatEndsBeforeItStarts() {
        String text = "BAD\nVEHICLE\n2 10\nCUSTOMER\n0 0 0 0 0 100 0\n1 1 1 1 50 40 0\n";
        assertThatThrownBy(() -> SolomonParser.parse(text, "BAD", "bad.txt"))
                .hasMessageContaining("customer 1 has due date 40 before its ready time 50");
    }
}
