package io.hutong.console.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One audit log entry as the pages show it: the event's fields (all null once retention cleared the
 * body; the leaf hash stays), its place in the log and its hash. A lookup or verification also
 * names the record keys asked for, the fields disclosed or compared, and what the caller learned;
 * other events have none of these (their JSON lacks the members).
 */
public record AuditRow(
    String id,
    Instant time,
    String service,
    String actor,
    String department,
    List<String> roles,
    String action,
    String dataset,
    String resource,
    String outcome,
    Long recordCount,
    String requestId,
    String sourceAddress,
    String reason,
    List<String> keys,
    List<String> fields,
    String result,
    long leafIndex,
    String leafHash) {

  /** Keys a results row shows before summing up the rest ("+ 97"): a batch names up to 100. */
  static final int KEYS_SHOWN = 3;

  /** The rows of an API page's {@code items}. */
  static List<AuditRow> rows(Iterable<JsonNode> items) {
    List<AuditRow> rows = new ArrayList<>();
    items.forEach(item -> rows.add(of(item)));
    return rows;
  }

  /** One {@code {event, leafIndex, leafHash}} entry of the audit API. */
  static AuditRow of(JsonNode entry) {
    JsonNode event = entry.path("event");
    return new AuditRow(
        text(event, "id"),
        instant(text(event, "time")),
        text(event, "service"),
        text(event, "actor"),
        text(event, "department"),
        strings(event, "roles"),
        text(event, "action"),
        text(event, "dataset"),
        text(event, "resource"),
        text(event, "outcome"),
        event.path("recordCount").isNumber() ? event.path("recordCount").asLong() : null,
        text(event, "requestId"),
        text(event, "sourceAddress"),
        text(event, "reason"),
        strings(event, "keys"),
        strings(event, "fields"),
        text(event, "result"),
        entry.path("leafIndex").asLong(),
        text(entry, "leafHash"));
  }

  /** Whether retention cleared the event's body (its hash still proves it existed). */
  public boolean cleared() {
    return id == null;
  }

  /**
   * The keys a results row shows: at most {@link #KEYS_SHOWN}, the one searched for ({@code
   * searched}, may be null) first, so a match among a batch's hundred is visible.
   */
  public List<String> keysShown(String searched) {
    List<String> shown = new ArrayList<>(KEYS_SHOWN);
    if (searched != null && keys.contains(searched)) {
      shown.add(searched);
    }
    for (String key : keys) {
      if (shown.size() == KEYS_SHOWN) {
        break;
      }
      if (!key.equals(searched)) {
        shown.add(key);
      }
    }
    return shown;
  }

  /** How many keys a results row leaves out. */
  public int keysNotShown() {
    return keys.size() - Math.min(KEYS_SHOWN, keys.size());
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> values = new ArrayList<>();
    node.path(field).forEach(value -> values.add(value.asString()));
    return List.copyOf(values);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : null;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}
