package io.hutong.schemas.data;

/**
 * Topic names owned by the exchange service: one topic per dataset. What a record on one looks like
 * is {@link DataRecords}.
 */
public final class DataTopics {

  /** Prefix of every dataset topic: {@code hutong.data.<dataset-code>}. */
  public static final String PREFIX = "hutong.data.";

  private DataTopics() {}

  /** The topic of a dataset, e.g. {@code hutong.data.civil-affairs.marriage-registrations}. */
  public static String forDataset(String datasetCode) {
    return DatasetCode.parse(datasetCode).topic();
  }
}
