package io.hutong.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of another process, read from Linux's {@code /proc}: what a
 * benchmark reports beside its figures so a reader sees what the server (and the generator) used.
 */
public final class ProcessStats {

  private ProcessStats() {}

  /** User plus system CPU time of {@code pid} so far, in nanoseconds. */
  public static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException e) {
      throw new IllegalStateException("no /proc entry for " + pid, e);
    }
  }

  /** Resident set size of {@code pid}, in MiB. */
  public static long rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("no /proc entry for " + pid, e);
    }
    return 0;
  }

  /** CPU used between two readings as a share of the whole machine over {@code seconds}. */
  public static double share(long cpuNanos, double seconds) {
    return cpuNanos / (seconds * 1e9 * Runtime.getRuntime().availableProcessors());
  }
}
