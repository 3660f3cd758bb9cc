package io.hutong.catalog.dataset;

/** A dataset is active until its provider retires it; retired entries stay listed. */
public enum DatasetStatus {
  ACTIVE,
  RETIRED
}
