package io.hutong.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Decides whether a client may make one more request. Tokens come from the client's shared bucket
 * ({@link SharedBuckets}) in small leases — a twentieth of a second's allowance by default — so
 * most requests are decided in memory and the limit still holds across instances: a lease is taken
 * from the shared bucket before it is spent, and one not spent within a second is given up. When
 * PostgreSQL cannot be reached the instance falls back to a bucket of its own, so an outage of the
 * database degrades the limit (at most one allowance per instance) rather than the API.
 */
@Component
public class ClientLimiter {

  private static final Logger log = LoggerFactory.getLogger(ClientLimiter.class);
  private static final long LEASE_LIFETIME_NANOS = Duration.ofSeconds(1).toNanos();

  private final SharedBuckets shared;
  private final RateLimitProperties properties;
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();
  private final Map<String, long[]> fallback = new ConcurrentHashMap<>();
  private volatile long lastOutageLog;

  ClientLimiter(SharedBuckets shared, RateLimitProperties properties) {
    this.shared = shared;
    this.properties = properties;
  }

  /** The answer for one request: allowed, or refused with how long to wait. */
  public record Verdict(boolean allowed, Duration retryAfter) {
    static final Verdict ALLOW = new Verdict(true, Duration.ZERO);
  }

  private static final class Lease {
    long remaining;
    long expiresAt;
  }

  public boolean enabled() {
    return properties.enabled();
  }

  /** Allowed from this instance's lease without blocking, or null when the lease is spent. */
  public Verdict fromLease(String client) {
    Lease lease = leases.computeIfAbsent(client, c -> new Lease());
    synchronized (lease) {
      if (lease.remaining > 0 && System.nanoTime() < lease.expiresAt) {
        lease.remaining--;
        return Verdict.ALLOW;
      }
    }
    return null;
  }

  /** Blocks on PostgreSQL when the lease is spent: call it off the event loop. */
  public Verdict acquire(String client) {
    Verdict leased = fromLease(client);
    if (leased != null) {
      return leased;
    }
    Lease lease = leases.computeIfAbsent(client, c -> new Lease());
    RateLimitProperties.Limit limit = properties.limitOf(client);
    Gcra gcra = Gcra.of(limit.requestsPerSecond(), limit.burst());
    long size = leaseSize(limit);
    try {
      Gcra.Decision decision = shared.take(client, gcra, size);
      if (!decision.allowed() && size > 1) {
        size = 1; // fewer tokens than a lease left: take just this request's
        decision = shared.take(client, gcra, 1);
      }
      if (!decision.allowed()) {
        return refused(decision);
      }
      synchronized (lease) {
        lease.remaining = size - 1;
        lease.expiresAt = System.nanoTime() + LEASE_LIFETIME_NANOS;
      }
      return Verdict.ALLOW;
    } catch (DataAccessException e) {
      logOutage(e);
      return locally(client, gcra);
    }
  }

  private long leaseSize(RateLimitProperties.Limit limit) {
    double perLease = limit.requestsPerSecond() * properties.lease().toNanos() / 1e9;
    return Math.max(1, Math.min((long) perLease, limit.burst() / 4));
  }

  private Verdict locally(String client, Gcra gcra) {
    long[] tat = fallback.computeIfAbsent(client, c -> new long[1]);
    synchronized (tat) {
      Gcra.Decision decision = gcra.take(tat[0], System.currentTimeMillis() * 1000, 1);
      if (decision.allowed()) {
        tat[0] = decision.tatMicros();
        return Verdict.ALLOW;
      }
      return refused(decision);
    }
  }

  private static Verdict refused(Gcra.Decision decision) {
    return new Verdict(false, Duration.ofNanos(decision.retryAfterMicros() * 1000));
  }

  private void logOutage(DataAccessException e) {
    long now = System.nanoTime();
    if (now - lastOutageLog > Duration.ofMinutes(1).toNanos()) {
      lastOutageLog = now;
      log.warn(
          "rate-limit buckets unreachable, limiting per instance until PostgreSQL is back: {}",
          e.toString());
    }
  }
}
