package io.hutong.deploy.process;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing with a useful message at the deadline. */
public final class Wait {

  private Wait() {}

  /**
   * Polls {@code ready} every {@code interval} until it returns true; {@code alive} is checked on
   * each round so a crashed process fails at once instead of at the deadline.
   */
  public static void until(
      String what, Duration timeout, Duration interval, BooleanSupplier ready, Runnable alive) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      alive.run();
      if (ready.getAsBoolean()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(what + " was not ready within " + timeout);
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
