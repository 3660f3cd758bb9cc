package io.hutong.catalog.quality;

/** Whether a dataset is published as often as its update frequency promises. */
public enum TimelinessStatus {
  /** Published, and the next publish is not yet overdue (or the dataset is updated on change). */
  ON_TIME,
  /** The next publish is overdue: past the period after the last publish, plus the grace. */
  LATE,
  /** Nothing was ever published. */
  NEVER_PUBLISHED
}
