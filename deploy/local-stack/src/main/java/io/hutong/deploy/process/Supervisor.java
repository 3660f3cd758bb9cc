package io.hutong.deploy.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps the processes of a stack running: when one dies without having been asked to stop, it is
 * started again after a {@link Backoff}, and every death and restart is printed on the console and
 * appended to a log file. It exists so that a crashed PostgreSQL, broker, Keycloak or service does
 * not leave {@code ./hutong run} half dead until someone notices.
 *
 * <p>It polls rather than waiting on exit futures, so it also follows processes that were replaced
 * behind its back (a test calling {@code KafkaBroker.restart()}); a process stopped on purpose
 * ({@link ChildProcess#stopRequested()}) or absent ({@code null}) is left alone.
 */
public final class Supervisor implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(250);

  private final Map<String, Watch> watches = new LinkedHashMap<>();
  private final Backoff backoff;
  private final Path logFile;
  private final PidFile pids;
  private final Thread poller;
  private final List<Thread> restarts = new ArrayList<>();
  private volatile boolean closed;

  private Supervisor(List<Supervised> units, Backoff backoff, Path logFile, PidFile pids) {
    this.backoff = backoff;
    this.logFile = logFile;
    this.pids = pids;
    units.forEach(unit -> watches.put(unit.name(), new Watch(unit)));
    this.poller = Thread.ofPlatform().daemon().name("supervisor").unstarted(this::pollUntilClosed);
  }

  /**
   * Starts watching {@code units}; restarted processes are recorded in {@code pids}, and the log
   * goes to the console and {@code logFile}.
   */
  public static Supervisor start(
      List<Supervised> units, Backoff backoff, Path logFile, PidFile pids) {
    Supervisor supervisor = new Supervisor(units, backoff, logFile, pids);
    supervisor.poller.start();
    return supervisor;
  }

  /** How many times the unit called {@code name} was restarted successfully. */
  public synchronized int restarts(String name) {
    Watch watch = watches.get(name);
    if (watch == null) {
      throw new IllegalArgumentException("not supervised: " + name);
    }
    return watch.restarts;
  }

  private void pollUntilClosed() {
    while (!closed) {
      synchronized (this) {
        watches.values().forEach(this::check);
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void check(Watch watch) {
    ChildProcess process = watch.unit.process();
    if (watch.restarting || process == null || process.isAlive() || process.stopRequested()) {
      if (process != null && process != watch.seen) {
        watch.seen = process;
        watch.since = Instant.now();
      }
      return;
    }
    boolean stable =
        Duration.between(watch.since, Instant.now()).compareTo(backoff.stableAfter()) >= 0;
    watch.attempt = stable ? 1 : watch.attempt + 1;
    Duration delay = backoff.delay(watch.attempt);
    watch.restarting = true;
    log(
        String.format(
            Locale.ROOT,
            "%s (pid %d) died with exit code %d; restarting in %.1f s (attempt %d)",
            watch.unit.name(),
            process.pid(),
            process.exitCode(),
            delay.toMillis() / 1000.0,
            watch.attempt));
    Thread restart =
        Thread.ofVirtual()
            .name("restart-" + watch.unit.name())
            .unstarted(() -> restart(watch, delay));
    restarts.removeIf(thread -> !thread.isAlive());
    restarts.add(restart);
    restart.start();
  }

  private void restart(Watch watch, Duration delay) {
    try {
      Thread.sleep(delay);
      if (closed) {
        return;
      }
      Instant begin = Instant.now();
      watch.unit.restart();
      ChildProcess fresh = watch.unit.process();
      pids.record(watch.unit.name(), fresh.handle());
      synchronized (this) {
        watch.restarts++;
        watch.seen = fresh;
        watch.since = Instant.now();
      }
      log(
          String.format(
              Locale.ROOT,
              "%s is back (pid %d), serving %.1f s after its restart began",
              watch.unit.name(),
              fresh.pid(),
              Duration.between(begin, Instant.now()).toMillis() / 1000.0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!closed) {
        log(watch.unit.name() + " did not come back: " + e.getMessage() + "; will try again");
        ChildProcess failed = watch.unit.process();
        if (failed != null && failed.isAlive()) {
          failed.kill(); // a half-started process must die so the next round sees it dead
        }
      }
    } finally {
      synchronized (this) {
        watch.restarting = false;
      }
    }
  }

  private void log(String message) {
    String line = "[supervisor " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message;
    System.out.println(line);
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          Instant.now() + " " + message + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("could not write " + logFile + ": " + e.getMessage());
    }
  }

  /** Stops watching; a restart still in progress is interrupted. Stops no process itself. */
  @Override
  public void close() {
    closed = true;
    poller.interrupt();
    List<Thread> inFlight;
    synchronized (this) {
      inFlight = List.copyOf(restarts);
    }
    for (Thread restart : inFlight) {
      restart.interrupt();
      try {
        restart.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** What the supervisor knows about one unit. Guarded by the supervisor's monitor. */
  private static final class Watch {
    final Supervised unit;
    ChildProcess seen;
    Instant since = Instant.now();
    int attempt;
    int restarts;
    boolean restarting;

    Watch(Supervised unit) {
      this.unit = unit;
      this.seen = unit.process();
    }
  }
}
