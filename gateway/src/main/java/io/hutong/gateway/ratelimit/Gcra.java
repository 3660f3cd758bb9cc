package io.hutong.gateway.ratelimit;

/**
 * The generic cell rate algorithm (a token bucket kept as one number): a client's bucket is its
 * "theoretical arrival time" {@code tat}; taking {@code cost} tokens moves it forward by {@code
 * cost × interval}, allowed while it stays within {@code burst × interval} of now. The same
 * arithmetic runs in PostgreSQL ({@link SharedBuckets}) for the shared buckets and here for the
 * local fallback.
 */
record Gcra(long intervalMicros, long burst) {

  Gcra {
    if (intervalMicros < 1 || burst < 1) {
      throw new IllegalArgumentException("interval and burst must be positive");
    }
  }

  /** A limit of {@code perSecond} requests a second with bursts of {@code burst}. */
  static Gcra of(double perSecond, int burst) {
    return new Gcra(Math.max(1, Math.round(1_000_000 / perSecond)), burst);
  }

  /** The outcome of taking tokens: the new arrival time, or how long to wait. */
  record Decision(boolean allowed, long tatMicros, long retryAfterMicros) {}

  Decision take(long tatMicros, long nowMicros, long cost) {
    long next = Math.max(tatMicros, nowMicros) + cost * intervalMicros;
    long capacity = burst * intervalMicros;
    if (next - nowMicros <= capacity) {
      return new Decision(true, next, 0);
    }
    return new Decision(false, tatMicros, next - capacity - nowMicros);
  }

  long capacityMicros() {
    return burst * intervalMicros;
  }
}
