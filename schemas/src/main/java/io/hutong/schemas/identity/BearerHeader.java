package io.hutong.schemas.identity;

/**
 * Reads the bearer token of an {@code Authorization} header exactly as Spring Security's bearer
 * token resolvers do for a well-formed header — their expression {@code ^Bearer
 * [a-zA-Z0-9-._~+/]+=*$}, case-insensitive — without the regular expression: matching it over a 1.5
 * KB token was several percent of a service's or the gateway's CPU per call. Anything else (no
 * header, another scheme, a malformed token) gives null, and the caller leaves it to Spring, so
 * refusals stay exactly Spring's own. Shared by the gateway (reactive) and the services (servlet).
 */
public final class BearerHeader {

  private static final int PREFIX = "Bearer ".length();

  private BearerHeader() {}

  /** The token of {@code header} if it matches Spring's expression exactly, else null. */
  public static String token(String header) {
    if (header == null || header.length() <= PREFIX || !bearerScheme(header)) {
      return null;
    }
    int n = header.length();
    int i = PREFIX;
    while (i < n && tokenChar(header.charAt(i))) {
      i++;
    }
    if (i == PREFIX) {
      return null;
    }
    while (i < n && header.charAt(i) == '=') {
      i++;
    }
    return i == n ? header.substring(PREFIX) : null;
  }

  /** {@code Bearer } in any ASCII case, then exactly one space. */
  private static boolean bearerScheme(String header) {
    String lower = "bearer";
    for (int i = 0; i < lower.length(); i++) {
      char c = header.charAt(i);
      if (c != lower.charAt(i) && c != Character.toUpperCase(lower.charAt(i))) {
        return false;
      }
    }
    return header.charAt(lower.length()) == ' ';
  }

  private static boolean tokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }
}
