package io.hutong.gateway.ratelimit;

import io.hutong.gateway.security.AcceptedTokens;
import io.hutong.gateway.web.ProblemWriter;
import io.hutong.schemas.problem.ProblemTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, with 429 and {@code Retry-After}, the calls of an address that has failed to
 * authenticate too often ({@link AddressLimiter}), before Spring Security reads the token. A global
 * filter because it must run before authentication, which itself runs before any route is chosen.
 * Calls carrying a token the gateway has already accepted pass: a department system sharing an
 * address (a NAT) with a flooder keeps working.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class UnauthenticatedLimitFilter implements WebFilter {

  private final AddressLimiter limiter;
  private final Predicate<String> acceptedToken;
  private final ProblemWriter problems;
  private final Counter refusals;

  UnauthenticatedLimitFilter(
      AddressLimiter limiter,
      ObjectProvider<ReactiveJwtDecoder> decoder,
      ProblemWriter problems,
      MeterRegistry registry) {
    this.refusals = RateLimitRefusals.counter(registry, "address");
    this.limiter = limiter;
    this.acceptedToken =
        token -> decoder.getObject() instanceof AcceptedTokens tokens && tokens.accepted(token);
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String address = addressOf(exchange);
    Duration wait = limiter.enabled() && address != null ? limiter.waitOf(address) : null;
    if (wait == null || acceptedToken.test(bearer(exchange))) {
      return chain.filter(exchange);
    }
    refusals.increment();
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return problems.write(
        exchange,
        HttpStatus.TOO_MANY_REQUESTS,
        ProblemTypes.TOO_MANY_REQUESTS,
        "Too many calls without a valid token from this address; retry after " + seconds + " s.",
        "too many failed authentications from this address");
  }

  static String addressOf(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? null
        : remote.getAddress().getHostAddress();
  }

  private static String bearer(ServerWebExchange exchange) {
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).trim()
        : null;
  }
}
