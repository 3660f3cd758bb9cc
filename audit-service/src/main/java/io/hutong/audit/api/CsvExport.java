package io.hutong.audit.api;

import io.hutong.audit.log.AuditLog;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One CSV row per audit entry (RFC 4180 quoting), for spreadsheets and case files. Lists (roles,
 * keys, fields) are joined with spaces; an event without keys, fields or result leaves them empty.
 */
final class CsvExport {

  static final List<String> FIELDS =
      List.of(
          "id",
          "time",
          "service",
          "actor",
          "department",
          "roles",
          "action",
          "dataset",
          "resource",
          "outcome",
          "recordCount",
          "requestId",
          "sourceAddress",
          "reason",
          "keys",
          "fields",
          "result");

  static final String HEADER = String.join(",", FIELDS) + ",leafIndex,leafHash\r\n";

  private CsvExport() {}

  static String row(AuditLog.Entry entry, JsonMapper json) {
    StringBuilder row = new StringBuilder(256);
    JsonNode event = entry.body() == null ? null : json.readTree(entry.body());
    for (String field : FIELDS) {
      JsonNode value = event == null ? null : event.get(field);
      String text;
      if (value == null || value.isNull()) {
        text = "";
      } else if (value.isArray()) {
        StringBuilder joined = new StringBuilder();
        for (JsonNode item : value) {
          joined.append(joined.isEmpty() ? "" : " ").append(item.asString());
        }
        text = joined.toString();
      } else {
        text = value.asString();
      }
      row.append(quote(text)).append(',');
    }
    row.append(entry.leafIndex())
        .append(',')
        .append(Base64.getEncoder().encodeToString(entry.leafHash()));
    return row.append("\r\n").toString();
  }

  static String quote(String value) {
    boolean needs =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    return needs || !safe.equals(value) ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }
}
