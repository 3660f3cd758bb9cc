package io.hutong.schemas.data;

import org.apache.avro.Schema;

/**
 * The binary API's framing, for department systems that speak Avro: a batch travels as an Avro
 * object container file (the Avro specification's own framing, written by {@code DataFileWriter} in
 * any Avro library) whose records are envelopes; each envelope's {@code value} is one record in
 * Avro single-object encoding ({@code C3 01}, the writer schema's CRC-64-AVRO fingerprint, the
 * datum), so the exchange knows from the bytes alone which registered schema version wrote it.
 */
public final class AvroBatches {

  /** Content type of a published batch and of a fetched page in this framing. */
  public static final String CONTENT_TYPE = "application/avro";

  /**
   * Container metadata of a fetched page: a JSON object from each value's fingerprint (16 hex
   * digits, as the single-object header carries it, little-endian read as a long and printed
   * unsigned) to the schema that decodes it — the writer schema cut down to the caller's granted
   * fields.
   */
  public static final String META_SCHEMAS = "hutong.schemas";

  /** Container metadata of a fetched page: the cursor after its last record. */
  public static final String META_CURSOR = "hutong.cursor";

  /** Envelope of a published record. */
  public static final Schema PUBLISHED =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"PublishedRecord","namespace":"io.hutong.exchange",
               "doc":"One record of a batch published in Avro.","fields":[
                {"name":"key","type":["null","string"],"default":null},
                {"name":"headers","type":{"type":"map","values":"string"},"default":{}},
                {"name":"value","type":"bytes",
                 "doc":"The record in single-object encoding with a registered schema version."}
              ]}
              """);

  /** Envelope of a fetched record. */
  public static final Schema DELIVERED =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"DeliveredRecord","namespace":"io.hutong.exchange",
               "doc":"One record of a fetched page in Avro.","fields":[
                {"name":"key","type":["null","string"],"default":null},
                {"name":"partition","type":"int"},
                {"name":"offset","type":"long"},
                {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
                {"name":"schemaVersion","type":"int"},
                {"name":"value","type":"bytes",
                 "doc":"The granted fields in single-object encoding; the page's hutong.schemas metadata holds the schema. Empty for a tombstone (the key's record was withdrawn)."}
              ]}
              """);

  private AvroBatches() {}

  /** The fingerprint as {@link #META_SCHEMAS} names it. */
  public static String fingerprintText(long fingerprint) {
    return String.format("%016x", fingerprint);
  }
}
