package io.hutong.schemas.data;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dataset code, {@code <provider-department>.<name>}, as agreed in the API contract. It names the
 * dataset everywhere: catalogue, topic, audit events. Parsing is the only way to get one, so an
 * invalid code never travels further than the edge.
 */
public record DatasetCode(String provider, String name) {

  /** Department codes and dataset names share this grammar. */
  public static final Pattern SEGMENT = Pattern.compile("^[a-z][a-z0-9-]{1,62}$");

  public DatasetCode {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(name, "name");
    if (!isValidSegment(provider) || !isValidSegment(name)) {
      throw new IllegalArgumentException(
          "dataset code must be <department>.<name>, each matching " + SEGMENT.pattern());
    }
  }

  /** Parses {@code civil-affairs.marriage-registrations}; throws on anything else. */
  public static DatasetCode parse(String code) {
    if (code == null) {
      throw new IllegalArgumentException("dataset code is required");
    }
    int dot = code.indexOf('.');
    if (dot < 0 || dot != code.lastIndexOf('.')) {
      throw new IllegalArgumentException(
          "dataset code must be <department>.<name>, got '" + code + "'");
    }
    return new DatasetCode(code.substring(0, dot), code.substring(dot + 1));
  }

  /** True when {@code value} is a valid department code or dataset name. */
  public static boolean isValidSegment(String value) {
    return value != null && SEGMENT.matcher(value).matches();
  }

  /** The Kafka topic holding this dataset's records. */
  public String topic() {
    return DataTopics.PREFIX + this;
  }

  @Override
  public String toString() {
    return provider + "." + name;
  }
}
