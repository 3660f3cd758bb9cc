package io.hutong.schemas;

import java.util.Map;

/**
 * How a shared topic must be created: every service that produces to it declares it with the same
 * spec, so whichever starts first creates it correctly (brokers do not auto-create topics). A spec
 * never sets the replication factor or {@code min.insync.replicas}: those are the cluster's (the
 * brokers' {@code default.replication.factor} and {@code min.insync.replicas}), so the same
 * services run unchanged on one broker and on three.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

  public TopicSpec {
    configs = Map.copyOf(configs);
  }
}
