package io.hutong.deploy.platform;

import java.util.Map;

/**
 * The one piece of JSON the stack writes itself: a flat object of Spring properties for {@code
 * SPRING_APPLICATION_JSON}. Strings are escaped per RFC 8259, so any value — a password, a JAAS
 * line with quotes — arrives unchanged.
 */
final class Json {

  private Json() {}

  static String object(Map<String, String> properties) {
    StringBuilder json = new StringBuilder("{");
    properties.forEach(
        (key, value) -> {
          if (json.length() > 1) {
            json.append(',');
          }
          string(json, key);
          json.append(':');
          string(json, value);
        });
    return json.append('}').toString();
  }

  private static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
