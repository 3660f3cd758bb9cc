package io.hutong.exchange.subscribe;

import io.hutong.schemas.data.DataTopics;
import java.time.Instant;
import java.util.UUID;

/**
 * A consumer system's subscription to a dataset. It belongs to the client that created it; its
 * position lives in Kafka consumer group {@code hutong.sub.<id>}, so any exchange instance can
 * serve it and a restart loses nothing.
 */
public record Subscription(
    UUID id,
    String dataset,
    String ownerClient,
    String ownerDepartment,
    String startFrom,
    Instant createdAt) {

  /** The Kafka consumer group holding this subscription's committed position. */
  public String group() {
    return DataTopics.SUBSCRIPTION_GROUP_PREFIX + id;
  }
}
