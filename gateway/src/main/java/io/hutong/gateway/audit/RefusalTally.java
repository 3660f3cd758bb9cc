package io.hutong.gateway.audit;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts refusals of callers nobody has authenticated, instead of recording each: one {@code
 * REQUESTS_REJECTED} event per source address, reason and second, with the count in {@code
 * recordCount}. Anyone can send a million bad tokens; recorded one by one they would cost the audit
 * log a million appends and bury the events that matter. Counted, they cost at most one event per
 * address and reason each second, and the auditor still sees who hammered the gateway, why it
 * refused, and how often.
 *
 * <p>The event of a second names the first refusal of that second ({@code resource} and {@code
 * requestId}) as a sample. A second's events are sent once it is over. So that a flood from many
 * addresses cannot grow the table without bound, addresses beyond {@link #MAX_SOURCES} in one
 * second are counted together, under no address.
 */
final class RefusalTally {

  /** Distinct (address, reason) pairs tracked per second before further addresses are pooled. */
  static final int MAX_SOURCES = 10_000;

  private record Key(long second, String address, String reason, boolean pooled) {}

  private static final class Window {
    final Instant first;
    final String resource;
    final String requestId;
    long count;

    Window(Instant first, String resource, String requestId) {
      this.first = first;
      this.resource = resource;
      this.requestId = requestId;
    }
  }

  private final Map<Key, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Consumer<AuditEvent> sink;

  RefusalTally(Clock clock, Consumer<AuditEvent> sink) {
    this.clock = clock;
    this.sink = sink;
  }

  /** Counts one refusal of an unauthenticated call from {@code address} (null if unknown). */
  void count(String address, String reason, String resource, String requestId) {
    Instant now = clock.instant();
    long second = now.getEpochSecond();
    Key key = new Key(second, address, reason, false);
    if (windows.size() >= MAX_SOURCES && !windows.containsKey(key)) {
      key = new Key(second, null, reason, true);
    }
    windows.compute(
        key,
        (k, window) -> {
          Window counted = window != null ? window : new Window(now, resource, requestId);
          counted.count++;
          return counted;
        });
  }

  /** Sends the events of every second that is over. */
  void flush() {
    flushBefore(clock.instant().getEpochSecond());
  }

  /** Sends every count, the current second's too (at shutdown). */
  void flushAll() {
    flushBefore(Long.MAX_VALUE);
  }

  private void flushBefore(long second) {
    List<Key> over = new ArrayList<>();
    for (Key key : windows.keySet()) {
      if (key.second() < second) {
        over.add(key);
      }
    }
    for (Key key : over) {
      Window window = windows.remove(key);
      if (window != null) {
        sink.accept(event(key, window));
      }
    }
  }

  private static AuditEvent event(Key key, Window window) {
    String reason =
        key.pooled()
            ? key.reason() + " (from more than " + MAX_SOURCES + " sources, counted together)"
            : key.reason();
    return AuditEvents.by(GatewayAudit.SERVICE, window.first)
        .action(AuditAction.REQUESTS_REJECTED, Outcome.DENIED)
        .resource(window.resource)
        .requestId(window.requestId)
        .sourceAddress(key.address())
        .recordCount(window.count)
        .reason(reason)
        .build();
  }
}
