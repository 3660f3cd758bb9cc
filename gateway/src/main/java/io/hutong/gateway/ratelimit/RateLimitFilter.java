package io.hutong.gateway.ratelimit;

import io.hutong.gateway.web.ProblemWriter;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.problem.ProblemTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Applies each client's limit to every routed call, after the token was validated (so the client is
 * known and cannot be spoofed) and before anything is forwarded. Over the limit: 429 problem+json
 * with {@code Retry-After}, audited like every refusal at the gateway.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

  private final ClientLimiter limiter;
  private final ProblemWriter problems;
  private final Counter refusals;

  RateLimitFilter(ClientLimiter limiter, ProblemWriter problems, MeterRegistry registry) {
    this.refusals = RateLimitRefusals.counter(registry, "client");
    this.limiter = limiter;
    this.problems = problems;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (!limiter.enabled()) {
      return chain.filter(exchange);
    }
    return exchange
        .getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(p -> Caller.fromClaims(((JwtAuthenticationToken) p).getToken().getClaims()).actor())
        .flatMap(
            client -> {
              // Most calls are decided from the instance's lease, without leaving the event loop.
              ClientLimiter.Verdict leased = limiter.fromLease(client);
              return leased != null
                  ? Mono.just(leased)
                  : Mono.fromCallable(() -> limiter.acquire(client))
                      .subscribeOn(Schedulers.boundedElastic());
            })
        .defaultIfEmpty(ClientLimiter.Verdict.ALLOW)
        .flatMap(
            verdict -> {
              if (verdict.allowed()) {
                return chain.filter(exchange);
              }
              refusals.increment();
              long seconds = Math.max(1, (verdict.retryAfter().toMillis() + 999) / 1000);
              exchange.getResponse().getHeaders().set("Retry-After", Long.toString(seconds));
              return problems.write(
                  exchange,
                  HttpStatus.TOO_MANY_REQUESTS,
                  ProblemTypes.TOO_MANY_REQUESTS,
                  "Too many requests from this client; retry after " + seconds + " s.");
            });
  }
}
