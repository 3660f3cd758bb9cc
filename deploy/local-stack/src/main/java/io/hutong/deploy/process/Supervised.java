package io.hutong.deploy.process;

/**
 * A server or service whose process a {@link Supervisor} may start again after it died: it knows
 * how to bring up a fresh process on the same port and data and wait until that serves.
 */
public interface Supervised {

  /** Short name for logs ({@code postgresql}, {@code kafka}, {@code catalog-service}, ...). */
  String name();

  /** The process running now; null while it is stopped on purpose. */
  ChildProcess process();

  /**
   * Starts a fresh process in place of the current one (which is dead) and returns once it serves;
   * throws when it does not come up.
   */
  void restart();
}
