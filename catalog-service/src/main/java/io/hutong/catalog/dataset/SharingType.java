package io.hutong.catalog.dataset;

/** Whether and how a dataset is shared with other departments. */
public enum SharingType {
  /** Any department's request is granted at once. */
  UNCONDITIONAL,
  /** The provider's data-admin reviews each request. */
  CONDITIONAL,
  /** Listed so departments know it exists, but never shared; requests are refused. */
  NOT_SHARED
}
