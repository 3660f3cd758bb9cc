package io.hutong.console.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One audit log entry as the pages show it: the event's fields (all null once retention cleared the
 * body; the leaf hash stays), its place in the log and its hash.
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
    long leafIndex,
    String leafHash) {

  /** The rows of an API page's {@code items}. */
  static List<AuditRow> rows(Iterable<JsonNode> items) {
    List<AuditRow> rows = new ArrayList<>();
    items.forEach(item -> rows.add(of(item)));
    return rows;
  }

  /** One {@code {event, leafIndex, leafHash}} entry of the audit API. */
  static AuditRow of(JsonNode entry) {
    JsonNode event = entry.path("event");
    List<String> roles = new ArrayList<>();
    event.path("roles").forEach(role -> roles.add(role.asString()));
    return new AuditRow(
        text(event, "id"),
        instant(text(event, "time")),
        text(event, "service"),
        text(event, "actor"),
        text(event, "department"),
        roles,
        text(event, "action"),
        text(event, "dataset"),
        text(event, "resource"),
        text(event, "outcome"),
        event.path("recordCount").isNumber() ? event.path("recordCount").asLong() : null,
        text(event, "requestId"),
        text(event, "sourceAddress"),
        text(event, "reason"),
        entry.path("leafIndex").asLong(),
        text(entry, "leafHash"));
  }

  /** Whether retention cleared the event's body (its hash still proves it existed). */
  public boolean cleared() {
    return id == null;
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
