package io.hutong.gateway;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditTopics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
    List<AuditEvent> found = new ArrayList<>();
    Properties props = new Properties();
    props.put("bootstrap.servers", HutongStack.infrastructure().kafka().bootstrapServers());
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
      while (found.size() < expected && Instant.now().isBefore(deadline)) {
        for (var record : consumer.poll(Duration.ofMillis(300))) {
          AuditEvent event = AuditEvent.fromByteBuffer(ByteBuffer.wrap(record.value()));
          if (event.getResource() != null && event.getResource().contains(marker)) {
            found.add(event);
          }
        }
      }
    }
    return found;
  }
}
