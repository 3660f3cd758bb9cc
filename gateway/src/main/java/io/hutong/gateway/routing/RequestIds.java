package io.hutong.gateway.routing;

import java.net.InetSocketAddress;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Stamps every request with {@code X-Request-Id} — the client's own when it is a short, safe token,
 * a fresh UUID otherwise — before anything else runs (after {@link KeptAliveReads}), and echoes it
 * in the response, so a call can be followed through the gateway, the service's logs and its audit
 * events; refusals at the gateway carry it too. It also replaces any {@code X-Forwarded-For} the
 * client sent with the address the gateway saw: services record that address in audit events, so a
 * caller must not be able to choose it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestIds implements WebFilter {

  static final String HEADER = "X-Request-Id";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String given = exchange.getRequest().getHeaders().getFirst(HEADER);
    String safe = io.hutong.schemas.audit.AuditLimits.requestIdOrNull(given);
    String id = safe != null ? safe : UUID.randomUUID().toString();
    InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
    ServerHttpRequest stamped =
        exchange
            .getRequest()
            .mutate()
            .headers(
                headers -> {
                  headers.set(HEADER, id);
                  headers.remove("Forwarded");
                  if (peer != null && peer.getAddress() != null) {
                    headers.set("X-Forwarded-For", peer.getAddress().getHostAddress());
                  } else {
                    headers.remove("X-Forwarded-For");
                  }
                })
            .build();
    exchange.getResponse().getHeaders().set(HEADER, id);
    return chain.filter(exchange.mutate().request(stamped).build());
  }
}
