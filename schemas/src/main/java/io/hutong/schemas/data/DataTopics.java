package io.hutong.schemas.data;

/**
 * Topic names owned by the exchange service: one topic per dataset. What a record on one looks like
 * is {@link DataRecords}.
 */
public final class DataTopics {

  /** Prefix of every dataset topic: {@code hutong.data.<dataset-code>}. */
  public static final String PREFIX = "hutong.data.";

  /**
   * Prefix of the consumer group of every subscription ({@code hutong.sub.<id>}): Kafka ACLs grant
   * the exchange's groups by this prefix.
   */
  public static final String SUBSCRIPTION_GROUP_PREFIX = "hutong.sub.";

  /**
   * Prefix of the exchange's transactional producer ids ({@code hutong-exchange-<instance>-<n>}):
   * Kafka ACLs grant them by this prefix.
   */
  public static final String TRANSACTIONAL_ID_PREFIX = "hutong-exchange-";

  /**
   * Consumer group of the exchange instances that materialise the latest record per key from every
   * data topic for lookups (the instances share the partitions); Kafka ACLs grant it literally.
   */
  public static final String LOOKUP_GROUP = "hutong.exchange.latest-state";

  private DataTopics() {}

  /** The topic of a dataset, e.g. {@code hutong.data.civil-affairs.marriage-registrations}. */
  public static String forDataset(String datasetCode) {
    return DatasetCode.parse(datasetCode).topic();
  }
}
