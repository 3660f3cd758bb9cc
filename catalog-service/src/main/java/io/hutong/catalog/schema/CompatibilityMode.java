package io.hutong.catalog.schema;

/**
 * How a new schema version must relate to earlier ones, in the terms of schema registries.
 * BACKWARD: consumers on the new version read records written with the previous one. FORWARD:
 * consumers still on the previous version read records written with the new one. FULL: both. The
 * {@code _TRANSITIVE} forms check against every earlier version, not only the latest.
 */
public enum CompatibilityMode {
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true),
  NONE(false, false, false);

  private final boolean newReadsOld;
  private final boolean oldReadsNew;
  private final boolean transitive;

  CompatibilityMode(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
    this.newReadsOld = newReadsOld;
    this.oldReadsNew = oldReadsNew;
    this.transitive = transitive;
  }

  boolean newReadsOld() {
    return newReadsOld;
  }

  boolean oldReadsNew() {
    return oldReadsNew;
  }

  boolean transitive() {
    return transitive;
  }
}
