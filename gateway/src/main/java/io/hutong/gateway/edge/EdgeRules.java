package io.hutong.gateway.edge;

import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeTypeUtils;

/**
 * What every request must satisfy before any route, filter or token check runs. Each rule closes a
 * door that would otherwise open further in: a request target Spring cannot parse is answered by
 * the framework with an empty 400; an encoded slash or dot-segment can make the gateway's route and
 * role rules see another path than the service behind it; a NUL or control byte reaches logs and
 * audit events; a header value that is not ASCII or is huge is copied into logs, audit events and
 * database keys. So the gateway refuses these itself, with a problem that says which rule.
 */
final class EdgeRules {

  /** The methods the API uses; anything else (TRACE, CONNECT, inventions) is refused with 405. */
  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final Set<String> KNOWN_METHODS = Set.copyOf(METHODS);

  /** RFC 3986 pchar minus '%' (checked separately), plus '/'. */
  private static final String PATH_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/";

  /** RFC 3986 query characters, plus the brackets many clients leave unencoded there. */
  private static final String QUERY_CHARS = PATH_CHARS + "?[]";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final Map<String, Integer> headerLimits;

  EdgeRules(HeaderLimits limits) {
    this.headerLimits =
        Map.of(
            "Authorization", limits.authorization(),
            "X-Request-Id", limits.requestId(),
            "Idempotency-Key", limits.idempotencyKey(),
            "Last-Event-ID", limits.lastEventId());
  }

  /** The refusal of this request, or null when it may go on. */
  EdgeRefusal check(String method, String target, HttpHeaders headers) {
    if (!KNOWN_METHODS.contains(method)) {
      return new EdgeRefusal(
          405,
          "The gateway serves only " + String.join(", ", METHODS) + ".",
          "method not allowed",
          false);
    }
    EdgeRefusal refusal = checkTarget(target);
    if (refusal == null) {
      refusal = checkHeaders(headers);
    }
    return refusal;
  }

  /**
   * {@code target} with raw non-ASCII bytes percent-encoded, or null when they are not UTF-8. Netty
   * hands the request line over as ISO-8859-1, one char per byte. curl and browsers' address bars
   * send UTF-8 unencoded ({@code ?q=婚姻}); left raw, such a target is refused by Spring with an
   * empty 400 (some UTF-8 bytes are C1 control characters in ISO-8859-1), so the gateway encodes it
   * as the client meant. Bytes that are not UTF-8 are refused like their percent-encoded form.
   */
  static String asciiTarget(String target) {
    int first = firstNonAscii(target);
    if (first < 0) {
      return target;
    }
    byte[] bytes = target.getBytes(StandardCharsets.ISO_8859_1);
    if (!utf8(bytes)) {
      return null;
    }
    StringBuilder encoded = new StringBuilder(target.length() + 32).append(target, 0, first);
    for (int i = first; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b < 0x80) {
        encoded.append((char) b);
      } else {
        encoded.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
      }
    }
    return encoded.toString();
  }

  /** The refusal of a target whose raw bytes are not UTF-8 ({@link #asciiTarget} gave null). */
  static EdgeRefusal notUtf8Target() {
    return malformed(
        "The request target contains raw bytes that are not UTF-8.",
        "raw bytes not UTF-8 in the request target");
  }

  EdgeRefusal checkTarget(String target) {
    String pathAndQuery = originForm(target);
    if (pathAndQuery == null) {
      return malformed(
          "The request target must be a path (or an absolute http URI).", "request target form");
    }
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);
    if (!allowed(path, PATH_CHARS) || (query != null && !allowed(query, QUERY_CHARS))) {
      return malformed(
          "The request target contains characters that must be percent-encoded (spaces,"
              + " control characters, quotes, brackets, backslashes or '#').",
          "characters not allowed in the request target");
    }
    for (String segment : path.split("/", -1)) {
      EdgeRefusal refusal = checkSegment(segment);
      if (refusal != null) {
        return refusal;
      }
    }
    return query == null ? null : checkDecoded(query, "query");
  }

  private static EdgeRefusal checkSegment(String segment) {
    if (segment.indexOf('%') < 0) {
      // Only characters of PATH_CHARS (checked before): nothing encoded, so only '.' and '..'.
      return segment.equals(".") || segment.equals("..") ? dotSegment() : null;
    }
    String lower = segment.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c")) {
      return malformed(
          "The path contains an encoded slash or backslash (%2F, %5C).", "encoded slash in path");
    }
    EdgeRefusal decoded = checkDecoded(segment, "path");
    if (decoded != null) {
      return decoded;
    }
    String plain = lower.replace("%2e", ".");
    return plain.equals(".") || plain.equals("..") ? dotSegment() : null;
  }

  private static EdgeRefusal dotSegment() {
    return malformed(
        "The path contains a dot-segment ('.' or '..', encoded or not); send the resolved path.",
        "dot-segment in path");
  }

  /** Percent-encoding well formed, decoding to UTF-8 without NUL or other control characters. */
  private static EdgeRefusal checkDecoded(String part, String where) {
    if (part.indexOf('%') < 0) {
      return null; // visible ASCII only (checked before), nothing encoded
    }
    byte[] bytes = percentDecode(part);
    if (bytes == null) {
      return malformed(
          "The " + where + " has a '%' not followed by two hexadecimal digits.",
          "invalid percent-encoding in " + where);
    }
    for (byte b : bytes) {
      if ((b >= 0 && b < 0x20) || b == 0x7f) {
        return malformed(
            "The " + where + " contains an encoded NUL or control character.",
            "control character in " + where);
      }
    }
    return utf8(bytes)
        ? null
        : malformed(
            "The " + where + " is percent-encoded bytes that are not UTF-8.",
            "percent-encoding not UTF-8 in " + where);
  }

  private static boolean utf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static int firstNonAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0x7f) {
        return i;
      }
    }
    return -1;
  }

  private EdgeRefusal checkHeaders(HttpHeaders headers) {
    for (Map.Entry<String, Integer> limit : headerLimits.entrySet()) {
      String name = limit.getKey();
      List<String> values = headers.getAll(name);
      if (values.size() > 1) {
        return new EdgeRefusal(
            400, "The request carries " + name + " more than once.", "repeated " + name, true);
      }
      if (values.isEmpty()) {
        continue;
      }
      String value = values.getFirst();
      if (value.length() > limit.getValue()) {
        return new EdgeRefusal(
            431,
            name + " is longer than " + limit.getValue() + " characters.",
            name + " too long",
            true);
      }
      if (!visibleAscii(value)) {
        return new EdgeRefusal(
            400,
            name + " must consist of visible ASCII characters and spaces.",
            name + " not ASCII",
            true);
      }
    }
    return checkContentType(headers.getAll("Content-Type"));
  }

  private static EdgeRefusal checkContentType(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    String reason = "Content-Type not a media type";
    String detail = "The Content-Type header is not one valid media type (type/subtype;params).";
    if (values.size() > 1 || !visibleAscii(values.getFirst())) {
      return new EdgeRefusal(415, detail, reason, true);
    }
    try {
      MimeTypeUtils.parseMimeType(values.getFirst());
      return null;
    } catch (InvalidMimeTypeException e) {
      return new EdgeRefusal(415, detail, reason, true);
    }
  }

  /** The path and query of an origin-form or absolute-form target; null for any other form. */
  private static String originForm(String target) {
    if (target.startsWith("/")) {
      return target;
    }
    String lower = target.toLowerCase(java.util.Locale.ROOT);
    int authority =
        lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : Integer.MIN_VALUE;
    if (authority < 0) {
      return null;
    }
    int path = target.indexOf('/', authority);
    int query = target.indexOf('?', authority);
    if (path < 0 || (query >= 0 && query < path)) {
      return query < 0 ? "/" : "/" + target.substring(query);
    }
    return target.substring(path);
  }

  private static boolean allowed(String part, String chars) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c != '%' && chars.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean visibleAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** The bytes {@code part} stands for, or null if a '%' is not followed by two hex digits. */
  private static byte[] percentDecode(String part) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c != '%') {
        out.write(c);
        continue;
      }
      int high = i + 1 < part.length() ? Character.digit(part.charAt(i + 1), 16) : -1;
      int low = i + 2 < part.length() ? Character.digit(part.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        return null;
      }
      out.write(high * 16 + low);
      i += 2;
    }
    return out.toByteArray();
  }

  private static EdgeRefusal malformed(String detail, String reason) {
    return new EdgeRefusal(400, detail, reason, false);
  }
}
