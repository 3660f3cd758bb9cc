package io.hutong.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory of a process as Linux reports it in {@code /proc}. RSS of the process alone, and PSS of
 * the process with its children: summing RSS over PostgreSQL's workers would count its shared
 * buffers once per worker. Reports 0 where {@code /proc} is unavailable.
 */
final class ProcessMemory {

  private ProcessMemory() {}

  static long residentKb(ProcessHandle handle) {
    return field(handle.pid(), "status", "VmRSS:");
  }

  static long proportionalKb(ProcessHandle handle) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(handle);
    handle.descendants().forEach(tree::add);
    return tree.stream().mapToLong(p -> field(p.pid(), "smaps_rollup", "Pss:")).sum();
  }

  private static long field(long pid, String file, String prefix) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
        if (line.startsWith(prefix)) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // process gone, or no /proc on this platform
    }
    return 0;
  }
}
