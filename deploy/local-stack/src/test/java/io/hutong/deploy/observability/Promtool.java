package io.hutong.deploy.observability;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, from Debian's {@code prometheus} package. The rules and the dashboard
 * queries are checked by the parser Prometheus itself uses, not by an imitation of it.
 */
record Promtool(Path executable) {

  /** What promtool printed (stdout and stderr) and its exit code. */
  record Result(int exitCode, String output) {}

  /** Finds promtool on the PATH, or fails with how to install it. */
  static Promtool onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return new Promtool(candidate);
      }
    }
    throw new AssertionError(
        """
        promtool is not on the PATH. The checks of deploy/observability need it; it comes with \
        Debian's prometheus package:
          sudo apt-get install prometheus
        (./hutong test installs it by itself when run as root.)""");
  }

  /** Runs {@code promtool args…} in {@code workDir}, where relative file names resolve. */
  Result run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), output);
  }
}
