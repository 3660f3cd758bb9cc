package io.hutong.schemas.json;

import java.util.Map;

/**
 * The little JSON that is written before any JSON library is at hand — a problem body from a
 * container error page or a Netty handler, the flat settings object a launcher hands a service in
 * {@code SPRING_APPLICATION_JSON}. Strings are escaped per RFC 8259, so any value (a password, a
 * JAAS line with quotes, a detail with control characters) arrives unchanged.
 */
public final class JsonText {

  private JsonText() {}

  /** Appends {@code value} as a JSON string. */
  public static void quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A JSON object of string members, in the map's order. */
  public static String object(Map<String, String> members) {
    StringBuilder out = new StringBuilder("{");
    members.forEach(
        (name, value) -> {
          if (out.length() > 1) {
            out.append(',');
          }
          quote(out, name);
          out.append(':');
          quote(out, value);
        });
    return out.append('}').toString();
  }
}
