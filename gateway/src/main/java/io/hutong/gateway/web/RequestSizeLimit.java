package io.hutong.gateway.web;

import io.hutong.gateway.config.GatewayProperties;
import io.hutong.schemas.problem.ProblemTypes;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies declared larger than {@code hutong.gateway.max-request-size} with 413
 * before they are read or forwarded. (Services also limit what they read, chunked bodies included.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestSizeLimit implements WebFilter {

  private final long maxBytes;
  private final ProblemWriter problems;

  RequestSizeLimit(GatewayProperties properties, ProblemWriter problems) {
    this.maxBytes = properties.maxRequestSize().toBytes();
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > maxBytes) {
      return problems.write(
          exchange,
          HttpStatus.CONTENT_TOO_LARGE,
          ProblemTypes.PAYLOAD_TOO_LARGE,
          "The request body is " + declared + " bytes; the limit is " + maxBytes + ".",
          "request body larger than the limit");
    }
    return chain.filter(exchange);
  }
}
