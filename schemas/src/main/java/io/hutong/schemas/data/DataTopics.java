package io.hutong.schemas.data;

/** Topic names owned by the exchange service: one topic per dataset. */
public final class DataTopics {

  /** Prefix of every dataset topic: {@code hutong.data.<dataset-code>}. */
  public static final String PREFIX = "hutong.data.";

  /** Record header: the schema version the value was written with. */
  public static final String HEADER_SCHEMA_VERSION = "hutong.schema-version";

  /** Record header: the client id of the publishing system. */
  public static final String HEADER_PUBLISHER = "hutong.publisher";

  /** Record header: the request id of the publish call. */
  public static final String HEADER_REQUEST_ID = "hutong.request-id";

  private DataTopics() {}

  /** The topic of a dataset, e.g. {@code hutong.data.civil-affairs.marriage-registrations}. */
  public static String forDataset(String datasetCode) {
    return DatasetCode.parse(datasetCode).topic();
  }
}
