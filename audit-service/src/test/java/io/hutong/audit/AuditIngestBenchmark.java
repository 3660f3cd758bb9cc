package io.hutong.audit;

import io.hutong.audit.ingest.AuditIngestor;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditTopics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sustained appends per second with the Merkle tree maintained (leaf, nodes, exactly-once
 * bookkeeping), and the ingest lag at a fixed rate. Not part of the suite; {@code ./hutong bench
 * audit}. Everything — Kafka, PostgreSQL, the producer and the service — shares one machine.
 * PostgreSQL runs the test stack's fast settings unless {@code ./hutong bench audit
 * -Dhutong.stack.durability=durable}; the report says which.
 */
class AuditIngestBenchmark extends AuditITBase {

  @Autowired AuditIngestor ingestor;

  @Test
  void appendsPerSecondAndLag() throws Exception {
    List<String> report = new ArrayList<>();
    report.add(saturate(200_000));
    report.add(paced(20_000, 20));
    report.add(paced(25_000, 20));
    System.out.println("\n=== audit ingest (RFC 9162 tree maintained, exactly-once) ===");
    System.out.println(
        "PostgreSQL: " + HutongStack.infrastructure().postgres().durability().describe());
    report.forEach(System.out::println);
    System.out.println();
  }

  /** Publishes n events as fast as possible; appends/s = n / time until the last is in the log. */
  private String saturate(int n) throws Exception {
    List<byte[]> payloads = payloads(n);
    long before = count("select count(*) from audit.audit_entry");
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>(AuditTopics.EVENTS, null, payloads.get(i)));
      }
      producer.flush();
    }
    double published = (System.nanoTime() - start) / 1e9;
    awaitTotal(before + n);
    double seconds = (System.nanoTime() - start) / 1e9;
    return String.format(
        Locale.ROOT,
        "saturated: %,d events published in %.1f s, all appended after %.1f s -> %,.0f appends/s",
        n,
        published,
        seconds,
        n / seconds);
  }

  /** Publishes at a fixed rate for some seconds, sampling the ingest lag. */
  private String paced(int perSecond, int seconds) throws Exception {
    int n = perSecond * seconds;
    List<byte[]> payloads = payloads(n);
    long before = count("select count(*) from audit.audit_entry");
    AtomicLong maxLag = new AtomicLong();
    AtomicLong lagSum = new AtomicLong();
    AtomicLong samples = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicLong acknowledged = new AtomicLong();
    long appendedBefore = ingestor.appended();
    Thread sampler =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (sampling.get()) {
                    // acknowledged by Kafka but not yet in the log
                    long lag =
                        Math.max(0, acknowledged.get() - (ingestor.appended() - appendedBefore));
                    maxLag.accumulateAndGet(lag, Math::max);
                    lagSum.addAndGet(lag);
                    samples.incrementAndGet();
                    sleep(100);
                  }
                });
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      int perTick = perSecond / 100;
      for (int i = 0; i < n; i++) {
        if (i % perTick == 0) {
          long due = start + (long) (i / (double) perSecond * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        producer.send(
            new ProducerRecord<>(AuditTopics.EVENTS, null, payloads.get(i)),
            (metadata, error) -> {
              if (error == null) {
                acknowledged.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    double sent = (System.nanoTime() - start) / 1e9;
    awaitTotal(before + n);
    double done = (System.nanoTime() - start) / 1e9;
    sampling.set(false);
    sampler.join();
    return String.format(
        Locale.ROOT,
        "paced %,d/s for %d s: offered %,.0f/s, caught up %.1f s after the last send;"
            + " lag max %,d, mean %,.0f events",
        perSecond,
        seconds,
        n / sent,
        done - sent,
        maxLag.get(),
        lagSum.get() / (double) samples.get());
  }

  private static List<byte[]> payloads(int n) throws Exception {
    List<byte[]> payloads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      AuditEvent event = event("civil-affairs.bench", "RECORDS_FETCHED", Instant.now());
      ByteBuffer buffer = event.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      payloads.add(bytes);
    }
    return payloads;
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    props.put("acks", "all");
    props.put("linger.ms", "5");
    props.put("batch.size", "131072");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static void awaitTotal(long total) {
    while (count("select count(*) from audit.audit_entry") < total) {
      sleep(50);
    }
  }
}
