package io.hutong.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Limits failed authentications per source address, decided before authentication. The per-client
 * limit ({@link ClientLimiter}) needs a valid token to know the client; a caller without one would
 * otherwise cost a token parse or signature check and an audit count on every call, as fast as it
 * can send. Here each failed authentication takes a token from the address's bucket; once the
 * bucket is empty the address's calls are refused with 429 before the token is even looked at
 * (unless it is one the gateway has already accepted), until the bucket refills.
 *
 * <p>In memory, per instance, on purpose: the buckets are cheap enough to consult on every call
 * without a round trip, a flood is usually aimed at one instance's address anyway, and sharing them
 * would let a flood load PostgreSQL, the thing the limit protects. With N instances an address may
 * fail at most N times the limit.
 */
@Component
public class AddressLimiter {

  private final UnauthenticatedLimitProperties properties;
  private final Gcra gcra;
  private final Clock clock;
  private final Map<String, long[]> buckets = new ConcurrentHashMap<>();

  @Autowired
  AddressLimiter(UnauthenticatedLimitProperties properties) {
    this(properties, Clock.systemUTC());
  }

  AddressLimiter(UnauthenticatedLimitProperties properties, Clock clock) {
    this.properties = properties;
    this.gcra = Gcra.of(properties.requestsPerSecond(), properties.burst());
    this.clock = clock;
  }

  public boolean enabled() {
    return properties.enabled();
  }

  /** How long {@code address} must wait before it may try to authenticate again, or null. */
  public Duration waitOf(String address) {
    long[] tat = buckets.get(address);
    if (tat == null) {
      return null;
    }
    synchronized (tat) {
      Gcra.Decision decision = gcra.take(tat[0], nowMicros(), 1);
      return decision.allowed() ? null : Duration.ofNanos(decision.retryAfterMicros() * 1000);
    }
  }

  /** Takes a token from {@code address}'s bucket for a failed authentication. */
  public void charge(String address) {
    if (buckets.size() >= properties.maxAddresses() && !buckets.containsKey(address)) {
      forgetFullBuckets();
    }
    long[] tat = buckets.computeIfAbsent(address, a -> new long[1]);
    synchronized (tat) {
      Gcra.Decision decision = gcra.take(tat[0], nowMicros(), 1);
      if (decision.allowed()) {
        tat[0] = decision.tatMicros();
      }
    }
  }

  /**
   * A bucket whose arrival time has passed is full and carries nothing worth keeping. Should all of
   * {@code maxAddresses} be busy, the table is emptied: the limit fails open rather than the
   * gateway running out of memory.
   */
  @Scheduled(fixedDelay = 10_000)
  void forgetFullBuckets() {
    long now = nowMicros();
    buckets.values().removeIf(tat -> tat[0] <= now);
    if (buckets.size() >= properties.maxAddresses()) {
      buckets.clear();
    }
  }

  private long nowMicros() {
    return clock.millis() * 1000;
  }
}
