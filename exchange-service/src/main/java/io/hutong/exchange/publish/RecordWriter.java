package io.hutong.exchange.publish;

import io.hutong.exchange.config.ExchangeProperties;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.data.DataTopics;
import io.hutong.service.kafka.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Writes a batch of records atomically: one Kafka transaction holds the data records and the
 * publish's audit event, so subscribers (read_committed) see all of a batch or none of it, and the
 * audit log records exactly what was published. A small pool of transactional producers lets
 * several batches be in flight at once.
 */
@Component
public class RecordWriter implements AutoCloseable {

  private final BlockingQueue<Slot> pool;
  private final Admin admin;
  private final KafkaProperties kafka;
  private final ExchangeProperties.Publish settings;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
  private final BatchTracing tracing;
  private final MeterRegistry registry;

  /**
   * A producer and its transactional id; rebuilt under the same id (fencing the old) after a
   * failure.
   */
  private static final class Slot {
    final int number;
    KafkaProducer<String, byte[]> producer;
    KafkaClientMeters.Binding meters;
    boolean initialized;

    Slot(int number) {
      this.number = number;
    }

    /** Closes the producer and its metrics; the next use builds a fresh one. */
    void discard(java.time.Duration timeout) {
      if (producer != null) {
        meters.close();
        try {
          producer.close(timeout);
        } finally {
          producer = null;
        }
      }
    }
  }

  RecordWriter(
      KafkaProperties kafka,
      Admin admin,
      ExchangeProperties properties,
      BatchTracing tracing,
      MeterRegistry registry) {
    this.registry = registry;
    this.admin = admin;
    this.tracing = tracing;
    this.kafka = kafka;
    this.settings = properties.publish();
    this.pool = new ArrayBlockingQueue<>(settings.producers());
    for (int i = 0; i < settings.producers(); i++) {
      Slot slot = new Slot(i);
      open(slot);
      pool.add(slot);
    }
    for (int i = 0; i < settings.producers(); i++) {
      committers.add(
          Thread.ofPlatform().daemon().name("exchange-committer-" + i).start(this::commitLoop));
    }
  }

  /** Gives {@code slot} a fresh producer under its transactional id, and binds its metrics. */
  private void open(Slot slot) {
    slot.producer = producer(slot.number);
    slot.meters = KafkaClientMeters.bind(registry, slot.producer);
    slot.initialized = false;
  }

  private KafkaProducer<String, byte[]> producer(int i) {
    {
      Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          DataTopics.TRANSACTIONAL_ID_PREFIX + instance + "-" + i);
      config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
      config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
      config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
      config.put(
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.sendTimeout().toMillis());
      config.put(
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.sendTimeout().toMillis() / 2);
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
      // Kafka aborts a transaction its producer did not finish in time: claims rely on it.
      config.put(
          ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
          (int) settings.transactionTimeout().toMillis());
      config.put(ProducerConfig.CLIENT_ID_CONFIG, "exchange-publisher-" + i);
      return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
  }

  /** Where one record landed. */
  public record Written(int partition, long offset) {}

  /** One record to write. */
  public record Outgoing(String key, byte[] value, Map<String, byte[]> headers) {}

  /**
   * Thrown when Kafka may or may not have committed a batch (the commit itself failed or timed
   * out): the caller must not report "nothing was published", and an idempotency claim must stay
   * for recovery to settle from Kafka.
   */
  public static final class OutcomeUnknown extends Exception {
    OutcomeUnknown(Throwable cause) {
      super("the commit of the batch did not complete; Kafka may have committed it", cause);
    }
  }

  /**
   * A batch waiting for a transaction, and the answer its caller waits for; {@code trace} holds the
   * headers of the batch's producer span (empty when tracing is off), the same on every record.
   */
  private static final class Pending {
    final String topic;
    final List<Outgoing> records;
    final AuditEvent audit;
    final Map<String, byte[]> trace;
    final java.util.concurrent.CompletableFuture<List<Written>> done =
        new java.util.concurrent.CompletableFuture<>();

    Pending(String topic, List<Outgoing> records, AuditEvent audit, Map<String, byte[]> trace) {
      this.topic = topic;
      this.records = records;
      this.audit = audit;
      this.trace = trace;
    }
  }

  private final java.util.concurrent.LinkedBlockingDeque<Pending> waiting =
      new java.util.concurrent.LinkedBlockingDeque<>();
  private final List<Thread> committers = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * Writes {@code records} to {@code topic} and {@code audit} to the audit topic in one
   * transaction; returns only after Kafka committed it.
   *
   * <p>Group commit: batches queue for the instance's committers (one per producer); a committer
   * takes the first waiting batch and every batch waiting behind it (up to {@code
   * settings.groupRecords()} records) into one transaction, and each caller is answered with its
   * own records' offsets. A batch is never split, so each stays all-or-nothing with its audit
   * event; a failed transaction fails every batch in it, each caller hearing exactly what it would
   * have heard alone. Under light load every batch has a transaction of its own, as before.
   */
  public List<Written> write(String topic, List<Outgoing> records, AuditEvent audit)
      throws Exception {
    return tracing.publish(
        topic, records.size(), trace -> queue(new Pending(topic, records, audit, trace)));
  }

  /** Queues {@code mine} for a committer and waits for its answer. */
  private List<Written> queue(Pending mine) throws Exception {
    ensureTopic(mine.topic);
    waiting.add(mine);
    try {
      return mine.done.get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      if (waiting.remove(mine)) {
        throw new IllegalStateException("no producer free within " + settings.sendTimeout());
      }
      return answer(mine); // in a transaction already: Kafka's own timeouts bound the wait
    } catch (java.util.concurrent.ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static List<Written> answer(Pending pending) throws Exception {
    try {
      return pending.done.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static Exception unwrap(java.util.concurrent.ExecutionException e) {
    return e.getCause() instanceof Exception cause ? cause : e;
  }

  /** A committer: waits for a batch, then commits it with whatever waits behind it. */
  private void commitLoop() {
    while (running) {
      Pending first;
      try {
        first = waiting.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        Slot slot = pool.poll(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (slot == null) {
          first.done.completeExceptionally(
              new IllegalStateException("no producer free within " + settings.sendTimeout()));
          continue;
        }
        commit(slot, first);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Commits {@code first} and the batches waiting behind it in one transaction on {@code slot}. */
  private void commit(Slot slot, Pending first) {
    List<Pending> group = new ArrayList<>();
    group.add(first);
    int count = first.records.size();
    for (Pending next; (next = waiting.poll()) != null; ) {
      if (count + next.records.size() > settings.groupRecords()) {
        waiting.addFirst(next);
        break;
      }
      group.add(next);
      count += next.records.size();
    }
    Held held = new Held(slot, null);
    try {
      held.prepare();
      List<List<Written>> written = held.writeAll(group);
      for (int i = 0; i < group.size(); i++) {
        group.get(i).done.complete(written.get(i));
      }
    } catch (Exception | Error e) {
      group.forEach(p -> p.done.completeExceptionally(e));
    } finally {
      held.close();
    }
  }

  /**
   * Takes a transactional producer from the pool, ready for one batch on {@code topic}: what must
   * happen after a producer is held and before its transaction begins (a keyed publish re-stamps
   * its claim) happens between this call and {@link Held#write}. Closing gives the producer back.
   */
  Held hold(String topic) throws Exception {
    ensureTopic(topic);
    Slot slot = pool.poll(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (slot == null) {
      throw new IllegalStateException("no producer free within " + settings.sendTimeout());
    }
    Held held = new Held(slot, topic);
    try {
      held.prepare();
      return held;
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
  }

  /** A transactional producer held for one batch; {@link #close()} returns it to the pool. */
  final class Held implements AutoCloseable {
    private final Slot slot;
    private final String topic;
    private boolean healthy;

    private Held(Slot slot, String topic) {
      this.slot = slot;
      this.topic = topic;
    }

    /** A producer ready for transactions: rebuilt if broken, initialised once. */
    private void prepare() {
      if (slot.producer == null) {
        open(slot);
      }
      if (!slot.initialized) {
        slot.producer.initTransactions();
        slot.initialized = true;
      }
      healthy = true;
    }

    /** Writes the batch and its audit event in one transaction; returns after the commit. */
    List<Written> write(List<Outgoing> records, AuditEvent audit) throws Exception {
      return tracing.publish(
          topic,
          records.size(),
          trace -> writeAll(List.of(new Pending(topic, records, audit, trace))).getFirst());
    }

    /** Writes every batch with its audit event in one transaction; returns after the commit. */
    private List<List<Written>> writeAll(List<Pending> batches) throws Exception {
      KafkaProducer<String, byte[]> producer = slot.producer;
      healthy = false;
      boolean committing = false;
      producer.beginTransaction();
      try {
        List<List<Future<RecordMetadata>>> sent = new ArrayList<>(batches.size());
        for (Pending batch : batches) {
          List<Future<RecordMetadata>> futures = new ArrayList<>(batch.records.size());
          for (Outgoing record : batch.records) {
            ProducerRecord<String, byte[]> out =
                new ProducerRecord<>(batch.topic, record.key(), record.value());
            if (batch.trace.isEmpty()) {
              record.headers().forEach((name, value) -> out.headers().add(name, value));
            } else {
              // The platform's trace context replaces a client's header of the same name.
              record
                  .headers()
                  .forEach(
                      (name, value) -> {
                        if (!batch.trace.containsKey(name)) {
                          out.headers().add(name, value);
                        }
                      });
              batch.trace.forEach((name, value) -> out.headers().add(name, value));
            }
            futures.add(producer.send(out));
          }
          ProducerRecord<String, byte[]> event =
              new ProducerRecord<>(
                  AuditTopics.EVENTS,
                  batch.audit.getId().toString(),
                  AuditEvents.encode(batch.audit));
          batch.trace.forEach((name, value) -> event.headers().add(name, value));
          producer.send(event);
          sent.add(futures);
        }
        committing = true;
        commit(producer);
        List<List<Written>> written = new ArrayList<>(sent.size());
        for (List<Future<RecordMetadata>> futures : sent) {
          List<Written> one = new ArrayList<>(futures.size());
          for (Future<RecordMetadata> future : futures) {
            RecordMetadata metadata = future.get();
            one.add(new Written(metadata.partition(), metadata.offset()));
          }
          written.add(one);
        }
        healthy = true;
        return written;
      } catch (Exception e) {
        if (committing) {
          throw new OutcomeUnknown(e);
        }
        try {
          producer.abortTransaction();
          healthy = true;
        } catch (RuntimeException abortFailed) {
          // fenced or broken: the producer cannot be reused
        }
        throw e;
      }
    }

    @Override
    public void close() {
      if (!healthy && slot.producer != null) {
        try {
          // rebuilt, under the same transactional id, when next taken
          slot.discard(java.time.Duration.ofSeconds(2));
        } catch (RuntimeException ignored) {
          // closing a broken producer may fail too
        }
      }
      pool.add(slot);
    }
  }

  /** A timed-out commit may be retried (never aborted); one retry, then the outcome is unknown. */
  private static void commit(KafkaProducer<String, byte[]> producer) {
    try {
      producer.commitTransaction();
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      producer.commitTransaction();
    }
  }

  /** Creates the dataset topic if it does not exist yet; the exchange owns these topics. */
  public void ensureTopic(String topic) throws Exception {
    if (knownTopics.contains(topic)) {
      return;
    }
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, settings.topicPartitions(), (short) -1)
                      .configs(
                          Map.of(
                              "retention.ms",
                              Long.toString(settings.topicRetention().toMillis())))))
          .all()
          .get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    knownTopics.add(topic);
  }

  /** The end offset of every partition of {@code topic}, as {@code p:o,p:o}. */
  String endPositions(String topic) throws Exception {
    ensureTopic(topic);
    var description =
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> query =
        new HashMap<>();
    description
        .partitions()
        .forEach(
            p ->
                query.put(
                    new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
    StringBuilder out = new StringBuilder();
    admin
        .listOffsets(query)
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach(
            (tp, info) ->
                out.append(out.isEmpty() ? "" : ",")
                    .append(tp.partition())
                    .append(':')
                    .append(info.offset()));
    return out.toString();
  }

  @Override
  public void close() {
    running = false;
    committers.forEach(Thread::interrupt);
    for (Pending left; (left = waiting.poll()) != null; ) {
      left.done.completeExceptionally(new IllegalStateException("the exchange is stopping"));
    }
    pool.forEach(
        slot -> {
          slot.discard(java.time.Duration.ofSeconds(5));
        });
  }
}
