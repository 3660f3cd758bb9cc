package io.hutong.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Thread dumps of the platform's processes, taken when a call through them hangs: the test's own
 * stack only says that it waited. The processes are those of the run's {@code processes.pid} (the
 * last line per name: the live one), dumped with the {@code jcmd} of the JDK running the tests.
 */
final class ThreadDumps {

  private ThreadDumps() {}

  /** Writes one file under {@code data/logs} with every process's dump; returns its path. */
  static Path write(Path data, String why) {
    Path file =
        data.resolve("logs").resolve("thread-dumps-" + Instant.now().toEpochMilli() + ".txt");
    StringBuilder out = new StringBuilder("thread dumps: ").append(why).append('\n');
    for (Map.Entry<String, String> process : livePids(data.resolve("processes.pid")).entrySet()) {
      out.append("\n===== ").append(process.getKey()).append(" (pid ").append(process.getValue());
      out.append(") =====\n").append(jcmd(process.getValue()));
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("[e2e] thread dumps not written: " + e);
    }
    System.err.println("[e2e] call hung (" + why + "); thread dumps in " + file);
    return file;
  }

  private static Map<String, String> livePids(Path pidFile) {
    Map<String, String> pids = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(pidFile)) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 2) {
          pids.put(parts[0], parts[1]);
        }
      }
    } catch (IOException e) {
      pids.put("(no pid file: " + e.getMessage() + ")", "0");
    }
    return pids;
  }

  private static String jcmd(String pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(List.of(jcmd.toString(), pid, "Thread.print", "-l"))
              .redirectErrorStream(true)
              .start();
      byte[] text = p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
      return new String(text, StandardCharsets.UTF_8);
    } catch (IOException | InterruptedException e) {
      return "jcmd failed: " + e + "\n";
    }
  }
}
