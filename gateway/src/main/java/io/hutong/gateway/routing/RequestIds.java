package io.hutong.gateway.routing;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Stamps every forwarded request with {@code X-Request-Id} — the client's own when it is a short,
 * safe token, a fresh UUID otherwise — and echoes it in the response, so a call can be followed
 * through the gateway, the service's logs and its audit events.
 */
@Component
class RequestIds implements GlobalFilter, Ordered {

  static final String HEADER = "X-Request-Id";
  private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    String given = exchange.getRequest().getHeaders().getFirst(HEADER);
    String id =
        given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ServerHttpRequest stamped =
        exchange.getRequest().mutate().headers(headers -> headers.set(HEADER, id)).build();
    exchange.getResponse().getHeaders().set(HEADER, id);
    return chain.filter(exchange.mutate().request(stamped).build());
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
