package io.hutong.schemas.quality;

/**
 * The counters of a {@link QualityBucket}, shared by the exchange (which counts) and the catalogue
 * (which reports). Names travel as strings, so a new measure never breaks an old reader.
 */
public enum QualityMeasure {
  /** Records with a value, published and committed. */
  RECORDS,
  /** Records withdrawing a key ({@code value: null}). */
  TOMBSTONES,
  /** Per field: records where it is null, empty text, or an empty array or map. */
  EMPTY,
  /** Per field and standard kind (detail): records whose value breaks the standard. */
  VIOLATION,
  /** Records whose key had no record yet that UTC day. */
  FIRST_OF_DAY,
  /** Records repeating their key's previous record of the same UTC day byte for byte. */
  DUPLICATE,
  /** Records replacing their key's previous record of the same UTC day with a different value. */
  CHANGE,
  /** Records refused at publish, by reason (detail): {@code schema} or {@code standard}. */
  REJECTED,
  /** Publish calls refused because a record broke the schema or a standard in reject mode. */
  REJECTED_BATCHES
}
