package org.fieldplan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a benchmark records about its run: the code's commit and the machine's load. */
public final class RunFacts {

    private RunFacts() {}

    /** The working tree's commit, with "+changes" when tracked files differ from it. */
    public static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=10", "HEAD").redirectErrorStream(true).start();
            String hash = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Process dirty = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
            boolean changed = !new String(dirty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
            return hash + (changed ? "+changes" : "");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
