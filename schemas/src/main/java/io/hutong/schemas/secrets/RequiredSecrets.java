package io.hutong.schemas.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The rule every Hutong process applies to its secret settings before it starts: each secret it
 * declares must be set, and not to a value that was ever committed to this repository or is a
 * well-known default. A process that would otherwise run with a password anyone can read in the
 * repository refuses to start and says which environment variable to set.
 *
 * <p>Framework-free, so the servlet services (through service-support) and the reactive gateway
 * apply exactly the same rule; each hands in the names it declared under {@link #SETTING} and a
 * lookup of its resolved settings.
 */
public final class RequiredSecrets {

  /** The setting under which a process lists the names of its secret settings. */
  public static final String SETTING = "hutong.secrets.required";

  /** Every development password that was committed ended like this. */
  private static final String COMMITTED_SUFFIX = "-local-dev";

  /** Values that may never protect anything, compared ignoring case. */
  private static final Set<String> WELL_KNOWN =
      Set.of("admin", "changeme", "password", "postgres", "secret");

  /** Values that were committed to the repository, compared exactly. */
  private static final Set<String> COMMITTED =
      Set.of(
          // The audit service's signing key before decision 0010.
          "MC4CAQAwBQYDK2VwBCIEIFevqJQQ+KEnAkaP8HjOJmjPNyEWs4JNtQsglNR0xpIG");

  private RequiredSecrets() {}

  /**
   * Throws {@link IllegalStateException} naming every secret in {@code names} that {@code lookup}
   * finds unset, blank or a known development value, with the environment variable that sets it.
   */
  public static void require(List<String> names, Function<String, String> lookup) {
    List<String> problems = problems(names, lookup);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Refusing to start without its own secrets:\n  - " + String.join("\n  - ", problems));
    }
  }

  /** One sentence per secret in {@code names} that is unset, blank or a known development value. */
  public static List<String> problems(List<String> names, Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      String value = lookup.apply(name);
      String how = " (environment variable " + environmentVariable(name) + ")";
      if (value == null || value.isBlank()) {
        problems.add(name + " is not set; set it" + how);
      } else if (isKnownDevelopmentValue(value)) {
        problems.add(
            name
                + " holds a known development value, public in the repository; set your own"
                + how);
      }
    }
    return problems;
  }

  /** Whether {@code value} is a committed or well-known value no installation may use. */
  public static boolean isKnownDevelopmentValue(String value) {
    String v = value.strip();
    return v.isEmpty()
        || COMMITTED.contains(v)
        || WELL_KNOWN.contains(v.toLowerCase(Locale.ROOT))
        || v.toLowerCase(Locale.ROOT).endsWith(COMMITTED_SUFFIX);
  }

  /**
   * The environment variable that sets {@code name} under Spring Boot's relaxed binding: dots and
   * brackets become underscores, dashes vanish, all upper case ({@code
   * hutong.audit.signing.private-key} is {@code HUTONG_AUDIT_SIGNING_PRIVATEKEY}).
   */
  public static String environmentVariable(String name) {
    return name.replace("-", "")
        .replace("[", "_")
        .replace("]", "")
        .replace('.', '_')
        .toUpperCase(Locale.ROOT);
  }
}
