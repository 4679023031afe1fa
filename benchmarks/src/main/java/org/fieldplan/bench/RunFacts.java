package org.fieldplan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jooq.DSLContext;

/** What a benchmark records about its run: the code's commit, the machine's load, the database's CPU time. */
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

    /**
     * The CPU time (user and system, milliseconds) PostgreSQL's processes serving the connections named
     * {@code application} (their {@code application_name}) have used so far, read from /proc (the database runs on this
     * machine); the pool's connections must stay open during the run for a difference of two readings to mean anything.
     */
    public static long databaseCpuMillis(DSLContext db, String application) {
        long ticks = 0;
        for (Integer pid : db.fetch("SELECT pid FROM pg_stat_activity WHERE application_name = ?", application)
                .getValues(0, Integer.class)) {
            try {
                String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            } catch (IOException | RuntimeException e) {
                // a connection that went away: its time is lost to the figure
            }
        }
        return ticks * 1000 / 100; // USER_HZ is 100 on Linux
    }
}
