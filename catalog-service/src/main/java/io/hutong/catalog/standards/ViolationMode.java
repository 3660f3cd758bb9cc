package io.hutong.catalog.standards;

/**
 * What a record that breaks one of a dataset's field standards does when it is published; the
 * provider chooses per dataset, the exchange applies it.
 */
public enum ViolationMode {
  /** The record is accepted and the violation counted in the dataset's quality figures. */
  MEASURE,
  /** The batch holding the record is refused with field-level details; nothing is written. */
  REJECT
}
