package io.hutong.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {

  private static final Backoff QUICK =
      new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(1));

  @TempDir Path dir;

  private Supervisor supervisor;
  private Sleeper sleeper;

  @AfterEach
  void stopEverything() {
    if (supervisor != null) {
      supervisor.close();
    }
    if (sleeper != null && sleeper.process() != null) {
      sleeper.process().kill();
    }
  }

  @Test
  void restartsAProcessKilledWithSigkill_andLogsIt() throws Exception {
    sleeper = new Sleeper(dir, 0);
    supervisor = Supervisor.start(List.of(sleeper), QUICK, dir.resolve("supervisor.log"), pids());
    long firstPid = sleeper.process().pid();

    sleeper.process().kill();

    awaitTrue(() -> supervisor.restarts("sleeper") == 1, Duration.ofSeconds(10));
    assertThat(sleeper.process().isAlive()).isTrue();
    assertThat(sleeper.process().pid()).isNotEqualTo(firstPid);
    assertThat(Files.readString(dir.resolve("supervisor.log")))
        .contains("sleeper (pid " + firstPid + ") died with exit code 137")
        .contains("sleeper is back (pid " + sleeper.process().pid() + ")");
    assertThat(Files.readString(dir.resolve("processes.pid")))
        .contains("sleeper " + sleeper.process().pid());
  }

  @Test
  void leavesAProcessStoppedOnPurposeAlone() throws Exception {
    sleeper = new Sleeper(dir, 0);
    supervisor = Supervisor.start(List.of(sleeper), QUICK, dir.resolve("supervisor.log"), pids());

    sleeper.process().stop(Duration.ofSeconds(5));
    Thread.sleep(1_000);

    assertThat(supervisor.restarts("sleeper")).isZero();
    assertThat(sleeper.process().isAlive()).isFalse();
    assertThat(sleeper.launches.get()).isEqualTo(1);
  }

  @Test
  void keepsTryingWhenARestartFails() throws Exception {
    sleeper = new Sleeper(dir, 2);
    supervisor = Supervisor.start(List.of(sleeper), QUICK, dir.resolve("supervisor.log"), pids());

    sleeper.process().kill();

    awaitTrue(() -> supervisor.restarts("sleeper") == 1, Duration.ofSeconds(10));
    assertThat(sleeper.launches.get()).isEqualTo(4); // the first, two failures, the good one
    assertThat(Files.readString(dir.resolve("supervisor.log")))
        .contains("sleeper did not come back: refused on purpose; will try again")
        .contains("(attempt 3)");
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    Backoff backoff =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

    assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(30));
  }

  private PidFile pids() {
    return new PidFile(dir);
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition within " + timeout).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  /**
   * A real process ({@code sleep}) that the supervisor may restart; its first {@code failures}
   * restarts start a process that dies at once and throw, as a server that cannot come up does.
   */
  private static final class Sleeper implements Supervised {
    final AtomicInteger launches = new AtomicInteger();
    private final Path dir;
    private final AtomicInteger failuresLeft;
    private volatile ChildProcess process;

    Sleeper(Path dir, int failures) {
      this.dir = dir;
      this.failuresLeft = new AtomicInteger(failures);
      launch("300");
    }

    private void launch(String seconds) {
      launches.incrementAndGet();
      process =
          ChildProcess.start(
              "sleeper", List.of("sleep", seconds), Map.of(), dir, dir.resolve("sleeper.log"));
    }

    @Override
    public String name() {
      return "sleeper";
    }

    @Override
    public ChildProcess process() {
      return process;
    }

    @Override
    public void restart() {
      if (failuresLeft.getAndDecrement() > 0) {
        launch("0");
        throw new IllegalStateException("refused on purpose");
      }
      launch("300");
    }
  }
}
