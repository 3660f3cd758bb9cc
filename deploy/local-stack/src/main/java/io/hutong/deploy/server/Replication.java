package io.hutong.deploy.server;

import java.util.List;

/**
 * How every topic of the platform is replicated on a cluster of {@code brokers}: three copies and
 * two in sync before a write is acknowledged ({@code acks=all} on every producer) once there are
 * three brokers or more, so one broker may fail without losing or refusing an acknowledged record;
 * on fewer, as many copies as there are brokers and one in sync. The brokers carry it as their
 * defaults, and the platform's topics inherit it (no topic sets its own), internal topics (consumer
 * offsets, transaction state) included.
 */
public record Replication(int brokers) {

  /** The local stack's single broker. */
  public static final Replication SINGLE_BROKER = new Replication(1);

  public Replication {
    if (brokers < 1) {
      throw new IllegalArgumentException("a cluster has at least one broker");
    }
  }

  /** Copies of each partition. */
  public int factor() {
    return Math.min(3, brokers);
  }

  /** Copies that must have a record before it is acknowledged. */
  public int minInsyncReplicas() {
    return brokers >= 3 ? 2 : 1;
  }

  /** The broker settings that make it every topic's default. */
  public List<String> brokerSettings() {
    return List.of(
        "default.replication.factor=" + factor(),
        "min.insync.replicas=" + minInsyncReplicas(),
        "offsets.topic.replication.factor=" + factor(),
        "transaction.state.log.replication.factor=" + factor(),
        "transaction.state.log.min.isr=" + minInsyncReplicas(),
        "share.coordinator.state.topic.replication.factor=" + factor(),
        "share.coordinator.state.topic.min.isr=" + minInsyncReplicas());
  }
}
