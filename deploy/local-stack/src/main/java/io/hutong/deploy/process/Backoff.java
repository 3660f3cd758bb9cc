package io.hutong.deploy.process;

import java.time.Duration;

/**
 * How long a {@link Supervisor} waits before restarting a process that died: {@code first}, then
 * twice as long for each further consecutive death, at most {@code max}. A process that stayed up
 * for {@code stableAfter} counts as healthy again, so its next death waits {@code first} again.
 */
public record Backoff(Duration first, Duration max, Duration stableAfter) {

  /** 1 s, 2 s, 4 s ... up to 30 s; forgiven after a minute up. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

  /** The wait before restart number {@code attempt} (1 for the first of a series). */
  public Duration delay(int attempt) {
    int doublings = Math.min(Math.max(0, attempt - 1), 20);
    Duration delay = first.multipliedBy(1L << doublings);
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
