package io.hutong.deploy.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server or service started as an operating-system process, with its output in a log file. It
 * exists so that stopping always takes the whole process tree down: Keycloak's {@code kc.sh} forks
 * a child {@code java}, and a stopped script must not leave that child behind.
 */
public final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /** Starts {@code command} in {@code workDir}, appending stdout and stderr to {@code logFile}. */
  public static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path workDir,
      Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      Files.createDirectories(workDir);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(environment);
      return new ChildProcess(name, builder.start(), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + command, e);
    }
  }

  /** Runs {@code command} to completion; fails with the log's tail when it exits non-zero. */
  public static void runToCompletion(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path workDir,
      Path logFile,
      Duration timeout) {
    ChildProcess child = start(name, command, environment, workDir, logFile);
    try {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.close();
        throw new IllegalStateException(name + " did not finish within " + timeout);
      }
      if (child.process.exitValue() != 0) {
        throw new IllegalStateException(
            name + " failed with exit code " + child.process.exitValue() + "\n" + child.logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.close();
      throw new IllegalStateException("interrupted while running " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** Fails fast with the log's tail when the process already died. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " exited with code "
              + process.exitValue()
              + "; log "
              + logFile
              + ":\n"
              + logTail());
    }
  }

  /** The last lines of the log, for error messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Asks the process tree to stop (SIGTERM), then kills whatever is left after {@code grace}. */
  public void stop(Duration grace) {
    ProcessTree.stop(process.toHandle(), grace);
  }

  /** SIGKILL, for failure tests: no shutdown hooks run. */
  public void kill() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }
}
