package org.fieldplan.geo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SolveCommand#main} in its own JVM, as {@code ./fieldplan solve} runs it: the process exit code, what it
 * prints where, and the file it leaves behind.
 */
class SolveCommandMainIT {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run main(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SolveCommand.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished within 2 minutes").isTrue();
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    @Test
    void solvesAFileAndExitsZero() throws Exception {
        Path problem = dir.resolve("four.json");
        Files.copy(Path.of("..", "docs", "examples", "matrix-four-stops.json"), problem);

        Run run = main(problem.toString(), "--seconds", "2");

        assertThat(run.exit()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("assigned 4 of 4 visits").endsWith("wrote " + dir.resolve("four.solution.json")
                + System.lineSeparator());
        assertThat(run.err()).as("progress only; Timefold's INFO logging stays quiet").contains("solving")
                .doesNotContain("INFO").doesNotContain("SLF4J");
        JsonNode solution = new ObjectMapper().readTree(dir.resolve("four.solution.json").toFile());
        assertThat(solution.get("assigned").asInt()).isEqualTo(4);
    }

    @Test
    void aBadFileExitsTwoAndAnUnknownOptionToo() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"technicians\": [], \"shifts\": [], \"visits\": [{\"id\": \"v\"}]}");

        Run run = main(bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("technicians: is empty; add at least one technician")
                .contains("shifts: is empty; add at least one shift")
                .contains("visits[0].location: missing; it is required");

        Run usage = main(bad.toString(), "--fast");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).startsWith("fieldplan solve: unknown option --fast");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.json");
        }
    }
}
