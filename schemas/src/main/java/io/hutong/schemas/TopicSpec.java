package io.hutong.schemas;

import java.util.Map;

/**
 * How a shared topic must be created: every service that produces to it declares it with the same
 * spec, so whichever starts first creates it correctly (brokers do not auto-create topics).
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

  public TopicSpec {
    configs = Map.copyOf(configs);
  }
}
