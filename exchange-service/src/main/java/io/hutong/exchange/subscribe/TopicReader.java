package io.hutong.exchange.subscribe;

import io.hutong.service.failure.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads dataset topics for subscriptions. Positions are explicit (a cursor, or the offsets
 * committed in the subscription's consumer group), never an instance's memory: consumers are
 * assigned, not subscribed, and only cached between fetches for speed. Reads are read_committed, so
 * a batch that failed at Kafka is never visible.
 */
@Component
class TopicReader implements AutoCloseable {

  private final KafkaProperties kafka;
  private final Map<String, Reader> readers = new ConcurrentHashMap<>();

  TopicReader(KafkaProperties kafka) {
    this.kafka = kafka;
  }

  /**
   * A record and the position right after it. The position is worked out when asked — a page needs
   * only its last, a stream each in turn — instead of one cursor object per record read.
   */
  static final class Delivered {
    private final ConsumerRecord<String, byte[]> record;
    private final Delivered previous;
    private final Cursor start;
    private Cursor after;

    Delivered(ConsumerRecord<String, byte[]> record, Delivered previous, Cursor start) {
      this.record = record;
      this.previous = previous;
      this.start = start;
    }

    ConsumerRecord<String, byte[]> record() {
      return record;
    }

    /** The position right after this record. */
    Cursor after() {
      if (after == null) {
        List<Delivered> chain = new ArrayList<>();
        Delivered known = this;
        while (known != null && known.after == null) {
          chain.add(known);
          known = known.previous;
        }
        Map<Integer, Long> next =
            new java.util.TreeMap<>((known == null ? start : known.after).next());
        for (int i = chain.size() - 1; i >= 0; i--) {
          ConsumerRecord<String, byte[]> r = chain.get(i).record;
          next.put(r.partition(), r.offset() + 1);
        }
        after = new Cursor(next);
      }
      return after;
    }
  }

  private static final class Reader {
    final KafkaConsumer<String, byte[]> consumer;
    final ReentrantLock lock = new ReentrantLock();
    volatile Instant lastUsed = Instant.now();
    boolean closed;

    Reader(KafkaConsumer<String, byte[]> consumer) {
      this.consumer = consumer;
    }
  }

  /**
   * The committed position of the subscription; partitions without a commit start at the beginning.
   */
  Cursor committed(Subscription s, String topic) {
    return withConsumer(
        s.group(),
        consumer -> {
          List<TopicPartition> partitions = partitions(consumer, topic);
          Map<TopicPartition, OffsetAndMetadata> committed =
              consumer.committed(new HashSet<>(partitions), Duration.ofSeconds(10));
          Map<TopicPartition, Long> beginning =
              consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
          Map<Integer, Long> next = new HashMap<>();
          for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            next.put(
                partition.partition(),
                offset == null
                    ? beginning.get(partition)
                    : Math.max(offset.offset(), beginning.get(partition)));
          }
          return new Cursor(next);
        });
  }

  /** {@code earliest}, {@code latest} or an ISO-8601 instant, as a position. */
  Cursor resolve(Subscription s, String topic, String to) {
    return withConsumer(
        s.group(),
        consumer -> {
          List<TopicPartition> partitions = partitions(consumer, topic);
          Map<TopicPartition, Long> offsets;
          if (to.equals("earliest")) {
            offsets = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
          } else if (to.equals("latest")) {
            offsets = consumer.endOffsets(partitions, Duration.ofSeconds(10));
          } else {
            // Kafka has no records before the epoch: an earlier instant means the beginning.
            long time = Math.max(0, Instant.parse(to).toEpochMilli());
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, time));
            Map<TopicPartition, OffsetAndTimestamp> found =
                consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            offsets = new HashMap<>();
            for (TopicPartition p : partitions) {
              OffsetAndTimestamp at = found.get(p);
              offsets.put(p, at == null ? end.get(p) : at.offset());
            }
          }
          Map<Integer, Long> next = new HashMap<>();
          offsets.forEach((p, o) -> next.put(p.partition(), o));
          return new Cursor(next);
        });
  }

  /** Makes {@code position} the subscription's committed position. */
  void commit(Subscription s, String topic, Cursor position) {
    withConsumer(
        s.group(),
        consumer -> {
          Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
          position
              .next()
              .forEach(
                  (p, o) -> offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
          consumer.commitSync(offsets, Duration.ofSeconds(10));
          return null;
        });
  }

  /** 400 unless every partition of {@code position} exists and its offset lies within the log. */
  void validate(Subscription s, String topic, Cursor position) {
    withConsumer(
        s.group(),
        consumer -> {
          check(consumer, topic, position);
          return null;
        });
  }

  /**
   * Up to {@code max} records from {@code from} (checked as {@link #validate} does), waiting up to
   * {@code wait} for the first. A cursor where this instance's consumer already stands — the
   * previous page's end, the usual case — needs no check with the broker.
   */
  List<Delivered> fetchFrom(Subscription s, String topic, Cursor from, int max, Duration wait) {
    return withConsumer(
        s.group(),
        consumer -> {
          if (!standsAt(consumer, topic, from)) {
            check(consumer, topic, from);
          }
          return read(consumer, topic, from, max, wait);
        });
  }

  /**
   * Whether {@code consumer} is assigned exactly {@code position}'s partitions and stands there.
   */
  private static boolean standsAt(
      KafkaConsumer<String, byte[]> consumer, String topic, Cursor position) {
    var assigned = consumer.assignment();
    if (assigned.isEmpty() || assigned.size() != position.next().size()) {
      return false;
    }
    for (TopicPartition p : assigned) {
      Long next = position.next().get(p.partition());
      if (!p.topic().equals(topic)
          || next == null
          || consumer.position(p, Duration.ofSeconds(10)) != next) {
        return false;
      }
    }
    return true;
  }

  private static void check(KafkaConsumer<String, byte[]> consumer, String topic, Cursor position) {
    List<TopicPartition> partitions = partitions(consumer, topic);
    Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
    for (Map.Entry<Integer, Long> next : position.next().entrySet()) {
      TopicPartition tp = new TopicPartition(topic, next.getKey());
      if (!start.containsKey(tp)
          || next.getValue() < start.get(tp)
          || next.getValue() > end.get(tp)) {
        throw new Refusal(
            Refusal.Kind.MALFORMED,
            "invalid-cursor",
            "The cursor does not point into this subscription's data.");
      }
    }
  }

  /** A private consumer for a stream, closed by the caller. */
  KafkaConsumer<String, byte[]> streamConsumer(Subscription s) {
    return consumer(s.group() + ".stream." + UUID.randomUUID());
  }

  /**
   * How long a fetch keeps polling past the caller's wait when records are known to be waiting:
   * covers a new consumer's first fetch from the broker, not a slow producer.
   */
  static final Duration JOIN_GRACE = Duration.ofSeconds(5);

  static List<Delivered> read(
      KafkaConsumer<String, byte[]> consumer, String topic, Cursor from, int max, Duration wait) {
    List<TopicPartition> partitions = partitions(consumer, topic);
    if (!new HashSet<>(consumer.assignment()).equals(new HashSet<>(partitions))) {
      consumer.assign(partitions);
    }
    Map<TopicPartition, Long> beginning = null;
    for (TopicPartition p : partitions) {
      Long next = from.next().get(p.partition());
      if (next == null) {
        if (beginning == null) {
          beginning = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
        }
        next = beginning.get(p);
      }
      // Seek only when the consumer is elsewhere: a seek drops what it already prefetched.
      if (consumer.position(p, Duration.ofSeconds(10)) != next) {
        consumer.seek(p, next);
      }
    }
    List<Delivered> delivered = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + wait.toNanos();
    long catchUp = start + JOIN_GRACE.toNanos();
    Map<TopicPartition, Long> end = null;
    while (true) {
      long left = Math.max(0, deadline - System.nanoTime());
      for (ConsumerRecord<String, byte[]> record :
          consumer.poll(Duration.ofNanos(Math.max(Math.min(left, 200_000_000L), 1_000_000L)))) {
        if (delivered.size() >= max) {
          break;
        }
        delivered.add(
            new Delivered(record, delivered.isEmpty() ? null : delivered.getLast(), from));
      }
      long now = System.nanoTime();
      if (!delivered.isEmpty()) {
        return delivered;
      }
      if (now >= deadline) {
        // The caller's wait is over, but records may be waiting that the consumer has not fetched
        // yet (a fresh consumer needs a round trip or two): that time is ours, not the caller's.
        if (end == null) {
          end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        }
        if (now >= catchUp || !behind(consumer, partitions, end)) {
          return delivered;
        }
      }
    }
  }

  /** Whether the consumer's position is short of {@code end} on some partition. */
  private static boolean behind(
      KafkaConsumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition p : partitions) {
      if (consumer.position(p, Duration.ofSeconds(10)) < end.getOrDefault(p, 0L)) {
        return true;
      }
    }
    return false;
  }

  static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
  }

  private <T> T withConsumer(
      String group, java.util.function.Function<KafkaConsumer<String, byte[]>, T> work) {
    while (true) {
      Reader reader = readers.computeIfAbsent(group, g -> new Reader(consumer(g)));
      reader.lock.lock();
      try {
        if (reader.closed) {
          continue; // evicted between lookup and lock: take the fresh one
        }
        reader.lastUsed = Instant.now();
        return work.apply(reader.consumer);
      } finally {
        reader.lock.unlock();
      }
    }
  }

  private KafkaConsumer<String, byte[]> consumer(String group) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.put(
        ConsumerConfig.GROUP_ID_CONFIG,
        group.contains(".stream.") ? group.substring(0, group.indexOf(".stream.")) : group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    // While a page is being written, the next fetch's answer keeps arriving into the socket's
    // buffer; Kafka's default of 64 KiB would stall the broker after a fraction of it.
    config.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, -1);
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Consumers idle for a minute are closed; the next fetch opens a fresh one. */
  @Scheduled(fixedDelay = 30_000)
  void evictIdle() {
    Instant cutoff = Instant.now().minusSeconds(60);
    readers
        .entrySet()
        .removeIf(
            entry -> {
              Reader reader = entry.getValue();
              if (reader.lastUsed.isBefore(cutoff) && reader.lock.tryLock()) {
                try {
                  reader.closed = true;
                  reader.consumer.close(Duration.ofSeconds(2));
                } finally {
                  reader.lock.unlock();
                }
                return true;
              }
              return false;
            });
  }

  /** Forgets the cached consumer of a deleted subscription. */
  void forget(Subscription s) {
    Reader reader = readers.remove(s.group());
    if (reader != null) {
      reader.lock.lock();
      try {
        reader.closed = true;
        reader.consumer.close(Duration.ofSeconds(2));
      } finally {
        reader.lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    readers.values().forEach(r -> r.consumer.close(Duration.ofSeconds(2)));
  }
}
