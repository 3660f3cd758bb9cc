package io.hutong.deploy.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How hard PostgreSQL works to keep a commit once it has acknowledged it. It exists because the
 * embedded server used to run with test settings everywhere, so {@code ./hutong run} could lose
 * acknowledged writes when PostgreSQL crashed. The run command is always {@link #DURABLE}; the test
 * fixture ({@code HutongStack}) chooses {@link #FAST} unless told otherwise, and that is the only
 * place that opts out.
 */
public enum Durability {

  /** A commit is acknowledged only once its WAL is flushed; torn pages are repaired from WAL. */
  DURABLE("on", "on", "on"),

  /**
   * Test speed: no fsync, commits acknowledged before their WAL is written (a PostgreSQL crash may
   * lose the last few hundred milliseconds of acknowledged commits), no full-page images.
   */
  FAST("off", "off", "off");

  /** The system property a test JVM sets to choose ({@code durable} or {@code fast}). */
  public static final String PROPERTY = "hutong.stack.durability";

  private final String fsync;
  private final String synchronousCommit;
  private final String fullPageWrites;

  Durability(String fsync, String synchronousCommit, String fullPageWrites) {
    this.fsync = fsync;
    this.synchronousCommit = synchronousCommit;
    this.fullPageWrites = fullPageWrites;
  }

  /** The PostgreSQL server settings that make this durability. */
  public Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fsync", fsync);
    settings.put("synchronous_commit", synchronousCommit);
    settings.put("full_page_writes", fullPageWrites);
    return settings;
  }

  /** {@code -Dhutong.stack.durability=durable|fast}, else {@code fallback}. */
  public static Durability fromSystemProperty(Durability fallback) {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return valueOf(value.strip().toUpperCase(Locale.ROOT));
  }

  /** One line for benchmark and test output, e.g. {@code durable (fsync=on, ...)}. */
  public String describe() {
    StringBuilder line = new StringBuilder(name().toLowerCase(Locale.ROOT)).append(" (");
    serverSettings()
        .forEach((key, value) -> line.append(key).append('=').append(value).append(", "));
    line.setLength(line.length() - 2);
    return line.append(')').toString();
  }
}
