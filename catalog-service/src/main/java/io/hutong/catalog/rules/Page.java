package io.hutong.catalog.rules;

import io.hutong.service.failure.Refusal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A page of a list, {@code {items, nextCursor}}, as every list of the API returns. Cursors are
 * opaque (base64url of the last sort key); {@code limit} is at most 500, 50 by default.
 */
public record Page<T>(List<T> items, String nextCursor) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** The page size asked for, validated. */
  public static int limit(Integer requested) {
    if (requested == null) {
      return DEFAULT_LIMIT;
    }
    if (requested < 1 || requested > MAX_LIMIT) {
      throw Refusal.invalid("limit must be between 1 and " + MAX_LIMIT + ".");
    }
    return requested;
  }

  /** The sort key a cursor stands for, or null for the first page. */
  public static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String key =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor)))
              .toString();
      if (Text.isClean(key, false)) {
        return key;
      }
    } catch (IllegalArgumentException | CharacterCodingException e) {
      // refused below
    }
    throw new Refusal(Refusal.Kind.MALFORMED, "malformed-request", "cursor is not valid.");
  }

  public static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A page from {@code rows} fetched with {@code limit + 1}: the extra row only tells that there is
   * a next page, whose cursor is the key of the last row shown.
   */
  public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> key) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> shown = rows.subList(0, limit);
    return new Page<>(List.copyOf(shown), encode(key.apply(shown.getLast())));
  }

  public <R> Page<R> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), nextCursor);
  }
}
