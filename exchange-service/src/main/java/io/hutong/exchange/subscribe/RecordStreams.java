package io.hutong.exchange.subscribe;

import io.hutong.exchange.metrics.DatasetMeters;
import io.hutong.exchange.publish.AuditEmitter;
import io.hutong.exchange.view.CatalogView;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.data.DataTopics;
import io.hutong.schemas.identity.Caller;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Events of a subscription: one record per event, its cursor as the event id, comment
 * heartbeats, resume after {@code Last-Event-ID}. A stream does not commit by itself. It checks the
 * grant between polls (at most every 500 ms), so a revocation or expiry closes it within a second.
 */
@Component
class RecordStreams {

  private static final Logger log = LoggerFactory.getLogger(RecordStreams.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final SubscriptionService subscriptions;
  private final CatalogView view;
  private final AuditEmitter audit;
  private final JsonMapper json;
  private final Clock clock;
  private final DeliveryTracing tracing;
  private final int maxStreamsPerClient;
  private final DatasetMeters meters;

  /** Streams open on this instance, by client. */
  private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> perClient =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Open streams, so a grant's end can stop them at once rather than at their next check. */
  private final java.util.Set<OpenStream> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private record OpenStream(
      String dataset,
      String department,
      SseEmitter emitter,
      java.util.concurrent.atomic.AtomicBoolean stop) {}

  RecordStreams(
      SubscriptionService subscriptions,
      CatalogView view,
      AuditEmitter audit,
      JsonMapper json,
      Clock clock,
      DeliveryTracing tracing,
      io.hutong.exchange.config.ExchangeProperties properties,
      DatasetMeters meters,
      MeterRegistry registry) {
    this.tracing = tracing;
    this.meters = meters;
    this.maxStreamsPerClient = properties.maxStreamsPerClient();
    this.subscriptions = subscriptions;
    this.view = view;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
    // Per instance, untagged: how the gateway spread the streams, and whether a failover moved
    // them.
    Gauge.builder("hutong.subscription.streams.open", open, java.util.Set::size)
        .description("Server-Sent Event streams open on this instance")
        .register(registry);
    view.onGrantEnded(
        grant -> {
          for (OpenStream stream : open) {
            if (stream.dataset().equals(grant.dataset())
                && stream.department().equals(grant.consumer())
                && view.liveGrant(grant.dataset(), grant.consumer(), clock.instant()).isEmpty()) {
              stream.stop().set(true);
              stream.emitter().complete(); // unblocks a send stuck on a slow client
            }
          }
        });
  }

  SseEmitter open(Caller caller, CallContext call, UUID id, String lastEventId) {
    Subscription s;
    try {
      s = subscriptions.owned(caller, id);
      subscriptions.requireLiveGrant(s.dataset(), s.ownerDepartment());
    } catch (Refusal refusal) {
      audit.send(
          audit.event(
              call,
              AuditAction.RECORDS_STREAMED,
              Outcome.DENIED,
              null,
              "subscription:" + id,
              null,
              refusal.detail()));
      throw refusal;
    }
    String topic = DataTopics.forDataset(s.dataset());
    Cursor start =
        lastEventId == null || lastEventId.isBlank()
            ? subscriptions.reader().committed(s, topic)
            : Cursor.parse(lastEventId);
    try {
      reserveStream(caller.actor());
    } catch (Refusal refusal) {
      audit.send(
          audit.event(
              call,
              AuditAction.RECORDS_STREAMED,
              Outcome.DENIED,
              s.dataset(),
              "subscription:" + id,
              null,
              refusal.detail()));
      throw refusal;
    }
    SseEmitter emitter = new SseEmitter(0L);
    AtomicLong sent = new AtomicLong();
    var opened =
        audit.event(
            call,
            AuditAction.RECORDS_STREAMED,
            Outcome.ALLOWED,
            s.dataset(),
            "subscription:" + id,
            0L,
            "stream opened");
    audit.send(opened);
    // The request object is recycled once this method returns: the closing event is prepared now.
    AuditEvent closing =
        audit.event(
            call,
            AuditAction.RECORDS_STREAMED,
            Outcome.ALLOWED,
            s.dataset(),
            "subscription:" + id,
            0L,
            null);
    String requestId = call.requestId();
    OpenStream stream =
        new OpenStream(
            s.dataset(),
            s.ownerDepartment(),
            emitter,
            new java.util.concurrent.atomic.AtomicBoolean());
    open.add(stream);
    Thread.ofVirtual()
        .name("sse-" + id)
        .start(
            () -> {
              try {
                run(closing, requestId, s, topic, start, emitter, sent, stream.stop());
              } finally {
                open.remove(stream);
                releaseStream(caller.actor());
              }
            });
    return emitter;
  }

  /** Counts a new stream of {@code client}; 429 past the per-client limit. */
  private void reserveStream(String client) {
    var count =
        perClient.computeIfAbsent(client, c -> new java.util.concurrent.atomic.AtomicInteger());
    if (count.incrementAndGet() > maxStreamsPerClient) {
      count.decrementAndGet();
      throw new Refusal(
          Refusal.Kind.TOO_MANY,
          "too-many-streams",
          "This client already holds "
              + maxStreamsPerClient
              + " open streams on this instance; close one or fetch instead.");
    }
  }

  private void releaseStream(String client) {
    var count = perClient.get(client);
    if (count != null) {
      count.decrementAndGet();
    }
  }

  private void run(
      AuditEvent closing,
      String requestId,
      Subscription s,
      String topic,
      Cursor start,
      SseEmitter emitter,
      AtomicLong sent,
      java.util.concurrent.atomic.AtomicBoolean stop) {
    String reason = "client disconnected";
    try (KafkaConsumer<String, byte[]> consumer = subscriptions.reader().streamConsumer(s)) {
      Cursor position = start;
      long lastBeat = System.nanoTime();
      long lastExistenceCheck = 0;
      while (true) {
        var grant = view.liveGrant(s.dataset(), s.ownerDepartment(), clock.instant());
        // A deletion may happen on another instance: asked of the database, at most every POLL.
        if (System.nanoTime() - lastExistenceCheck > POLL.toNanos()) {
          if (!subscriptions.exists(s.id())) {
            reason = "subscription deleted";
            emitter.complete();
            return;
          }
          lastExistenceCheck = System.nanoTime();
        }
        if (grant.isEmpty() || stop.get()) {
          reason = "grant revoked or expired";
          emitter.send(
              SseEmitter.event()
                  .name("grant-ended")
                  .data("{\"reason\":\"grant revoked or expired\"}", MediaType.APPLICATION_JSON));
          emitter.complete();
          return;
        }
        List<TopicReader.Delivered> batch = TopicReader.read(consumer, topic, position, 500, POLL);
        var delivery = tracing.start(topic, batch, requestId);
        int sentOfBatch = 0;
        long bytesOfBatch = 0;
        try {
          for (TopicReader.Delivered d : batch) {
            // Checked before every record: a revocation stops delivery even mid-batch.
            if (stop.get()
                || !grant.get().liveAt(clock.instant())
                || view.grant(grant.get().id()).map(g -> g.ended()).orElse(true)) {
              break;
            }
            SubscriptionService.DeliveredRecord record =
                subscriptions.deliver(d, grant.get().fields());
            emitter.send(
                SseEmitter.event()
                    .id(d.after().token())
                    .name("record")
                    .data(json.writeValueAsString(record), MediaType.APPLICATION_JSON));
            position = d.after();
            sent.incrementAndGet();
            sentOfBatch++;
            bytesOfBatch += Math.max(0, d.record().serializedValueSize());
          }
        } catch (IOException | RuntimeException e) {
          delivery.error(e);
          throw e;
        } finally {
          delivery.stop();
          meters.delivered(s.dataset(), sentOfBatch, bytesOfBatch);
        }
        if (batch.isEmpty() && System.nanoTime() - lastBeat > HEARTBEAT.toNanos()) {
          emitter.send(SseEmitter.event().comment("heartbeat"));
          lastBeat = System.nanoTime();
        }
      }
    } catch (IOException | IllegalStateException e) {
      emitter.completeWithError(e);
    } catch (RuntimeException e) {
      reason = e.getClass().getSimpleName();
      log.warn("stream of subscription {} ended: {}", s.id(), e.toString());
      emitter.completeWithError(e);
    } finally {
      audit.send(
          AuditEvent.newBuilder(closing)
              .setId(UUID.randomUUID())
              .setTime(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS))
              .setRecordCount(sent.get())
              .setReason("stream closed: " + reason)
              .build());
    }
  }
}
