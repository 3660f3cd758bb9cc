package io.hutong.audit.ingest;

import io.hutong.schemas.audit.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contract's JSON of an {@link AuditEvent} in RFC 8785 (JCS) canonical form: members sorted by
 * UTF-16 code units, no whitespace, strings escaped as ECMAScript does. These bytes are the Merkle
 * leaf; anyone can recompute them from the event's JSON with any JCS implementation.
 *
 * <p>Every field of the first contract version is present, {@code null} when it does not apply. The
 * members added later for lookups and verifications — {@code keys}, {@code fields}, {@code result}
 * — are present only when the event has them (non-empty, non-null): an event without them has
 * exactly the bytes, and so the leaf hash, it had before they existed, so the leaves already in the
 * log, their proofs and every signed tree head stay valid; an event with them commits to them.
 */
public final class CanonicalEvent {

  private CanonicalEvent() {}

  public static String of(AuditEvent event) {
    Map<String, Object> fields = new TreeMap<>();
    fields.put("id", event.getId().toString());
    fields.put("time", event.getTime().toString());
    fields.put("service", event.getService());
    fields.put("actor", event.getActor());
    fields.put("department", event.getDepartment());
    fields.put("roles", event.getRoles());
    fields.put("action", event.getAction());
    fields.put("dataset", event.getDataset());
    fields.put("resource", event.getResource());
    fields.put("outcome", event.getOutcome().name());
    fields.put("recordCount", event.getRecordCount());
    fields.put("requestId", event.getRequestId());
    fields.put("sourceAddress", event.getSourceAddress());
    fields.put("reason", event.getReason());
    if (present(event.getKeys())) {
      fields.put("keys", event.getKeys());
    }
    if (present(event.getFields())) {
      fields.put("fields", event.getFields());
    }
    if (event.getResult() != null) {
      fields.put("result", event.getResult());
    }
    StringBuilder out = new StringBuilder(512);
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, field.getKey());
      out.append(':');
      value(out, field.getValue());
    }
    return out.append('}').toString();
  }

  private static boolean present(List<String> list) {
    return list != null && !list.isEmpty();
  }

  private static void value(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(out, s);
      case Long n -> out.append(n.longValue());
      case Iterable<?> list -> {
        out.append('[');
        boolean first = true;
        for (Object item : list) {
          if (!first) {
            out.append(',');
          }
          first = false;
          value(out, item == null ? null : item.toString());
        }
        out.append(']');
      }
      default -> string(out, value.toString());
    }
  }

  /** ECMAScript JSON.stringify string escaping, as RFC 8785 §3.2.2.2 requires. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (Character.isSurrogate(c) && !pairedSurrogate(s, i))) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean pairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
