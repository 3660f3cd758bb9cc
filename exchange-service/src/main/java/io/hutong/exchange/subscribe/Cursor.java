package io.hutong.exchange.subscribe;

import io.hutong.service.failure.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A position in a dataset topic: the next offset to read in each partition. Clients see it only as
 * an opaque token (base64url of {@code p:o,p:o}); fetch cursors and SSE event ids are the same
 * token, and either can be committed or used to seek.
 */
public record Cursor(Map<Integer, Long> next) {

  public Cursor {
    next = Map.copyOf(next);
  }

  public String token() {
    String plain =
        new TreeMap<>(next)
            .entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a token; a 400 problem when it is not one. */
  public static Cursor parse(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      Map<Integer, Long> next = new TreeMap<>();
      if (!plain.isEmpty()) {
        for (String part : plain.split(",")) {
          String[] pair = part.split(":");
          long offset = Long.parseLong(pair[1]);
          if (pair.length != 2 || offset < 0) {
            throw new IllegalArgumentException(part);
          }
          next.put(Integer.parseInt(pair[0]), offset);
        }
      }
      return new Cursor(next);
    } catch (RuntimeException e) {
      throw new Refusal(
          Refusal.Kind.MALFORMED, "invalid-cursor", "The cursor is not one this exchange issued.");
    }
  }

  /** This position with {@code partition} moved to {@code nextOffset}. */
  public Cursor with(int partition, long nextOffset) {
    Map<Integer, Long> moved = new TreeMap<>(next);
    moved.put(partition, nextOffset);
    return new Cursor(moved);
  }
}
