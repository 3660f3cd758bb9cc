package io.hutong.schemas.audit;

import io.hutong.schemas.data.DatasetCode;

/**
 * Bounds on what an {@link AuditEvent} may carry from a request. Events quote user input (paths,
 * codes, refusal reasons); without bounds one oversized request could produce an event Kafka or the
 * audit log refuses, and stall everything queued behind it.
 */
public final class AuditLimits {

  /** Longest resource (path and query) kept. */
  public static final int RESOURCE = 512;

  /** Longest reason kept. */
  public static final int REASON = 1024;

  /** Longest actor, department or other short identity value kept. */
  public static final int NAME = 200;

  /** Most keys (and fields) one event names: a batch lookup asks for at most 100 keys. */
  public static final int KEYS = 100;

  private static final java.util.regex.Pattern REQUEST_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  private AuditLimits() {}

  /**
   * The request id if it is a short, safe token (letters, digits, {@code . _ : -}, at most 100),
   * else null: the one grammar the gateway stamps and every service records and logs.
   */
  public static String requestIdOrNull(String value) {
    return value != null && REQUEST_ID.matcher(value).matches() ? value : null;
  }

  /** {@code value} cut to {@code max} characters, marked with an ellipsis when cut. */
  public static String bound(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    return value.substring(0, max - 1) + "…";
  }

  /** The dataset code if it is one (grammar-valid), else null: never arbitrary input. */
  public static String datasetOrNull(String value) {
    if (value == null || value.length() > 127) {
      return null;
    }
    try {
      return DatasetCode.parse(value).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
