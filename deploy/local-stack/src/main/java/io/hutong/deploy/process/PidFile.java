package io.hutong.deploy.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Remembers the processes a stack started, in its data directory. If the launcher itself was killed
 * with SIGKILL (no shutdown hook), the next start finds and stops the orphans instead of failing on
 * busy ports. A process is only stopped when its start time still matches, so a recycled pid is
 * never hit.
 */
public final class PidFile {

  private final Path file;

  public PidFile(Path dataDir) {
    this.file = dataDir.resolve("processes.pid");
  }

  /** Records a started process. */
  public synchronized void record(String name, ProcessHandle handle) {
    String started = handle.info().startInstant().map(Instant::toString).orElse("-");
    String line = name + " " + handle.pid() + " " + started + System.lineSeparator();
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops every recorded process that is still running, then forgets them all. */
  public synchronized int stopLeftovers() {
    if (!Files.exists(file)) {
      return 0;
    }
    int stopped = 0;
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        String[] parts = line.trim().split(" ");
        if (parts.length != 3) {
          continue;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(parts[1]));
        if (handle.isPresent() && sameStart(handle.get(), parts[2])) {
          ProcessTree.stop(handle.get(), Duration.ofSeconds(15));
          stopped++;
        }
      }
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return stopped;
  }

  private static boolean sameStart(ProcessHandle handle, String recorded) {
    return handle.isAlive()
        && handle.info().startInstant().map(Instant::toString).orElse("-").equals(recorded);
  }
}
