package io.hutong.deploy.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server or service started as an operating-system process, with its output in a log file. It
 * exists so that stopping always takes the whole process tree down: Keycloak's {@code kc.sh} forks
 * a child {@code java}, and a stopped script must not leave that child behind.
 */
public final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path logFile;
  private volatile boolean stopRequested;

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

  /**
   * True once {@link #stop} or {@link #close} was called: the process ends because someone asked,
   * so a {@link Supervisor} must not start it again. {@link #kill} does not set it.
   */
  public boolean stopRequested() {
    return stopRequested;
  }

  /** The exit code, or -1 while the process runs. */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
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
    stopRequested = true;
    ProcessTree.stop(process.toHandle(), grace);
  }

  /**
   * Sends {@code signal} (a name such as {@code INT}) to the root alone and waits up to {@code
   * grace} for it to exit, then stops whatever is left as {@link #stop} does. For servers whose
   * SIGTERM does not mean "shut down now" (PostgreSQL's fast shutdown is SIGINT).
   */
  public void stopWith(String signal, Duration grace) {
    stopRequested = true;
    try {
      if (process.isAlive()) {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(5, TimeUnit.SECONDS);
        process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      // No kill command: the tree stop below still ends it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5));
  }

  /**
   * SIGKILL of the whole tree, for failure tests: no shutdown hooks run. The root goes first, so a
   * server such as PostgreSQL cannot react to its children dying; the children seen before go next.
   */
  public void kill() {
    List<ProcessHandle> children = process.toHandle().descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a child of " + name + " survived SIGKILL", e);
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }
}
