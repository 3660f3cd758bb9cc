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
              + " non-ASCII, control characters, quotes, brackets, backslashes or '#').",
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
    if (plain.equals(".") || plain.equals("..")) {
      return malformed(
          "The path contains a dot-segment ('.' or '..', encoded or not); send the resolved path.",
          "dot-segment in path");
    }
    return null;
  }

  /** Percent-encoding well formed, decoding to UTF-8 without NUL or other control characters. */
  private static EdgeRefusal checkDecoded(String part, String where) {
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
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return null;
    } catch (CharacterCodingException e) {
      return malformed(
          "The " + where + " is percent-encoded bytes that are not UTF-8.",
          "percent-encoding not UTF-8 in " + where);
    }
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
