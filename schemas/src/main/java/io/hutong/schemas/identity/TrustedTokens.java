package io.hutong.schemas.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already checked and still trusted, by their exact text, with what the check produced. A
 * caller sends the same bearer token with every call, and checking its RSA signature and claims
 * each time is a large share of the work per call, for the gateway (reactive) and the services
 * (blocking) alike; both decoders keep their accepted tokens here. An entry is trusted until the
 * token expires but never longer than {@link #TRUST}, so a key withdrawn from Keycloak stops
 * working within that time; a tampered token is a different text and is checked in full.
 *
 * @param <T> what a check produced (a decoded token)
 */
public final class TrustedTokens<T> {

  /** The longest an accepted token is trusted without being checked again. */
  public static final Duration TRUST = Duration.ofSeconds(60);

  private static final int MAX_ENTRIES = 10_000;

  private final Clock clock;
  private final Map<String, Entry<T>> accepted = new ConcurrentHashMap<>();

  private record Entry<T>(T value, Instant until) {}

  public TrustedTokens(Clock clock) {
    this.clock = clock;
  }

  /** What checking {@code token} produced, while it is trusted; null otherwise. */
  public T get(String token) {
    Entry<T> entry = token == null ? null : accepted.get(token);
    if (entry == null) {
      return null;
    }
    if (clock.instant().isBefore(entry.until())) {
      return entry.value();
    }
    accepted.remove(token, entry);
    return null;
  }

  /** Remembers an accepted {@code token} that expires at {@code expires} (null: not kept). */
  public void remember(String token, T value, Instant expires) {
    Instant now = clock.instant();
    if (expires == null || !now.isBefore(expires)) {
      return;
    }
    if (accepted.size() >= MAX_ENTRIES) {
      accepted.values().removeIf(e -> !now.isBefore(e.until()));
      if (accepted.size() >= MAX_ENTRIES) {
        accepted.clear();
      }
    }
    Instant limit = now.plus(TRUST);
    accepted.put(token, new Entry<>(value, expires.isBefore(limit) ? expires : limit));
  }
}
