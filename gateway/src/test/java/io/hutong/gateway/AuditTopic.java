package io.hutong.gateway;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditTopics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the audit topic the way the audit service does, to see what the gateway recorded. */
final class AuditTopic {

  private AuditTopic() {}

  /**
   * The audit events whose resource mentions {@code marker}, waiting up to 30 s for {@code
   * expected} of them.
   */
  static List<AuditEvent> mentioning(String marker, int expected) throws Exception {
    return read(
        e -> e.getResource() != null && e.getResource().contains(marker),
        found -> found.size() >= expected,
        Duration.ZERO);
  }

  /**
   * The one-by-one refusals ({@code REQUEST_REJECTED}) whose resource holds {@code marker}, waiting
   * until there are {@code expected}, then 1 s more so that one too many shows.
   */
  static List<AuditEvent> rejectedMentioning(String marker, int expected) throws Exception {
    return read(
        e ->
            e.getResource() != null
                && e.getResource().contains(marker)
                && e.getAction().equals("REQUEST_REJECTED"),
        found -> found.size() >= expected,
        Duration.ofSeconds(1));
  }

  /**
   * The counted refusals ({@code REQUESTS_REJECTED}) of calls from {@code address}, waiting up to
   * 30 s until they count {@code expected} calls, then 2 s more so that a count too high shows.
   */
  static List<AuditEvent> countedFrom(String address, long expected) throws Exception {
    return read(
        e -> address.equals(e.getSourceAddress()) && e.getAction().equals("REQUESTS_REJECTED"),
        found -> total(found) >= expected,
        Duration.ofSeconds(2));
  }

  /** The calls a list of counted events stands for. */
  static long total(List<AuditEvent> counted) {
    return counted.stream()
        .mapToLong(e -> e.getRecordCount() == null ? 0 : e.getRecordCount())
        .sum();
  }

  /**
   * A loopback address of its own (127.x.y.z), so that a test's calls are told apart in the audit
   * log and in per-address limits from every other test's.
   */
  static InetAddress ownLoopbackAddress() throws UnknownHostException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return InetAddress.getByAddress(
        new byte[] {
          127,
          (byte) random.nextInt(100, 250),
          (byte) random.nextInt(1, 250),
          (byte) random.nextInt(1, 250)
        });
  }

  private static List<AuditEvent> read(
      Predicate<AuditEvent> wanted, Predicate<List<AuditEvent>> enough, Duration grace)
      throws Exception {
    List<AuditEvent> found = new ArrayList<>();
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    try (var consumer =
        new KafkaConsumer<String, byte[]>(
            props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(AuditTopics.EVENTS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plusSeconds(30);
      Instant graceEnds = null;
      while (Instant.now().isBefore(graceEnds != null ? graceEnds : deadline)) {
        for (var record : consumer.poll(Duration.ofMillis(300))) {
          AuditEvent event = AuditEvent.fromByteBuffer(ByteBuffer.wrap(record.value()));
          if (wanted.test(event)) {
            found.add(event);
          }
        }
        if (graceEnds == null && enough.test(found)) {
          graceEnds = Instant.now().plus(grace);
        }
      }
    }
    return found;
  }
}
