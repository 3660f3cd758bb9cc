package io.hutong.service.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks a raw query string before anything decodes it: every name and value must be well-formed
 * percent-encoded UTF-8 without control characters, and no parameter may be given twice (which
 * value a framework would pick is an accident, and an attacker's tool). Returns the reason for a
 * refusal, or null.
 */
final class QueryStrings {

  private QueryStrings() {}

  static String problem(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    Set<String> names = new HashSet<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (name == null || value == null) {
        return "The query string is not well-formed percent-encoded UTF-8.";
      }
      if (JsonInputGuardText.hasControl(name) || JsonInputGuardText.hasControl(value)) {
        return "Query parameters must not contain NUL or other control characters.";
      }
      if (!names.add(name)) {
        return "Query parameter " + printable(name) + " is given more than once.";
      }
    }
    return null;
  }

  /** The decoded text ({@code +} is a space), or null when it is not valid UTF-8. */
  static String decode(String raw) {
    byte[] bytes = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes[n++] = (byte) (hi * 16 + lo);
        i += 2;
      } else if (c > 0x7f) {
        return null;
      } else {
        bytes[n++] = (byte) (c == '+' ? ' ' : c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String printable(String name) {
    return name.length() > 40 ? name.substring(0, 40) + "…" : name;
  }

  /** Control characters in parameters: everything below 0x20 and DEL, tabs and newlines too. */
  private static final class JsonInputGuardText {
    static boolean hasControl(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          return true;
        }
      }
      return false;
    }
  }
}
