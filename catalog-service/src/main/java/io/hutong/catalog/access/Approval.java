package io.hutong.catalog.access;

import java.time.Instant;
import java.util.List;

/**
 * What a provider decides when approving a request, as one value so the aggregate's {@code approve}
 * stays readable as the decision grows: which requested fields to let the consumer read, which to
 * let it verify, how many lookups and verifications a UTC day it may make, and until when.
 *
 * @param fields read fields to grant; null grants every requested read field
 * @param verifyFields verify fields to grant; null grants every requested verify field
 * @param lookupQuota lookups plus verifications per UTC day; null for no quota
 * @param validUntil when the grant ends; null for until revoked
 */
record Approval(
    List<String> fields, List<String> verifyFields, Integer lookupQuota, Instant validUntil) {

  /** What a lookup quota must be, in words for the refusal. */
  static final String QUOTA_RULE =
      "lookupQuota must be a whole number from 1 to 2147483647 (lookups and verifications per UTC"
          + " day), or absent for no quota.";

  /** Everything that was requested, without quota or end: the decision of unconditional sharing. */
  static Approval asRequested() {
    return new Approval(null, null, null, null);
  }
}
