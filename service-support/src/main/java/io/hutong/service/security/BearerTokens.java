package io.hutong.service.security;

import io.hutong.schemas.identity.BearerHeader;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Resolves a call's bearer token as Spring Security's {@link DefaultBearerTokenResolver} does,
 * without its regular expression for the common case ({@link BearerHeader}): a well-formed {@code
 * Authorization: Bearer <token>} is taken straight away, anything else is left to Spring's
 * resolver, so refusals are exactly its own. The expression over a 1.5 KB token was about 8 % of
 * the exchange's CPU on a lookup.
 */
final class BearerTokens implements BearerTokenResolver {

  private final DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();

  @Override
  public String resolve(HttpServletRequest request) {
    String token = BearerHeader.token(request.getHeader(HttpHeaders.AUTHORIZATION));
    return token != null ? token : standard.resolve(request);
  }
}
