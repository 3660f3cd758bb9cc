package io.hutong.service.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A thread that follows Kafka topics for the life of the application: it polls, hands each
 * non-empty batch to {@link #apply}, and when Kafka or the store behind {@code apply} fails it
 * logs, waits and starts over with a new consumer, so an outage delays work and never stops it.
 * Every follower of the platform (the exchange's latest-state ingest, the catalogue's quality and
 * usage followers) had written this loop; it lives here once. Subclasses say what to read ({@link
 * #subscribe}) and what a batch does; where they resume is theirs: Kafka's group offsets (committed
 * in {@code apply}) or positions they store with their rows ({@link StoredPositions}).
 */
public abstract class KafkaFollower implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KafkaFollower.class);

  private final String name;
  private final Duration pollTimeout;
  private final Duration retryBackoff;
  private volatile boolean running;
  private volatile KafkaConsumer<String, byte[]> current;
  private Thread thread;

  /**
   * @param name the thread's name, also in the log lines
   * @param pollTimeout how long one poll waits for records
   * @param retryBackoff how long to wait after a failure before starting over
   */
  protected KafkaFollower(String name, Duration pollTimeout, Duration retryBackoff) {
    this.name = name;
    this.pollTimeout = pollTimeout;
    this.retryBackoff = retryBackoff;
  }

  /**
   * Consumer settings for a follower that reads only committed records and chooses its own
   * positions: group {@code group}, no auto-commit, earliest when nothing is known, at most {@code
   * maxPollRecords} per poll, on top of the service's Kafka settings (TLS, SASL).
   */
  public static Map<String, Object> readCommitted(
      Map<String, Object> kafka, String group, String clientId, int maxPollRecords) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    return config;
  }

  /** A consumer of string keys and byte values with {@code config}. */
  protected static KafkaConsumer<String, byte[]> consumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** A new consumer, configured; called at start and after every failure. */
  protected abstract KafkaConsumer<String, byte[]> newConsumer();

  /** Subscribes {@code consumer} to what this follower reads. */
  protected abstract void subscribe(KafkaConsumer<String, byte[]> consumer);

  /** Does what a non-empty batch means; throwing starts over from where the follower resumes. */
  protected abstract void apply(
      KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records);

  /** Whether this follower runs at all (a switch for tests or operators); true by default. */
  protected boolean enabled() {
    return true;
  }

  @Override
  public void start() {
    if (running || !enabled()) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name(name).daemon().start(this::follow);
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> consumer = current;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void follow() {
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
        current = consumer;
        subscribe(consumer);
        while (running) {
          ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
          if (!records.isEmpty()) {
            apply(consumer, records);
          }
        }
      } catch (WakeupException e) {
        // stop() woke the consumer up
      } catch (RuntimeException e) {
        if (running) {
          log.warn("{} interrupted: {}; starting over", name, e.toString());
          sleep(retryBackoff);
        }
      } finally {
        current = null;
      }
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * On assignment, every partition starts at the position its follower stored with its rows, else
   * at the beginning; nothing is committed to Kafka on revocation, since the positions live with
   * what they cover.
   */
  public static final class StoredPositions implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Function<String, Map<Integer, Long>> stored;

    /**
     * @param consumer the consumer to position
     * @param stored the next offset to read per partition of a topic, for the partitions known
     */
    public StoredPositions(
        KafkaConsumer<String, byte[]> consumer, Function<String, Map<Integer, Long>> stored) {
      this.consumer = consumer;
      this.stored = stored;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<String, Map<Integer, Long>> byTopic = new HashMap<>();
      List<TopicPartition> fresh = new ArrayList<>();
      for (TopicPartition p : partitions) {
        Long position = byTopic.computeIfAbsent(p.topic(), stored).get(p.partition());
        if (position == null) {
          fresh.add(p);
        } else {
          consumer.seek(p, position);
        }
      }
      if (!fresh.isEmpty()) {
        consumer.seekToBeginning(fresh);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Nothing to commit: positions are stored with the rows they cover.
    }
  }
}
