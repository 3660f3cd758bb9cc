package io.hutong.gateway.routing;

import io.netty.channel.EventLoop;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Handles every request in a task of its connection's own event loop, queued behind the one that
 * read it, so no answer is ever completed while Reactor Netty is still dispatching its request.
 *
 * <p>Why: in Reactor Netty 1.3.6 and 1.3.7 (reactor-netty issue 4361, fixed in 1.3.8, which needs a
 * Netty whose native QUIC files Maven Central does not serve here), a kept-alive request that
 * arrives while the previous one is still finishing is queued, and if the queued request is then
 * answered at once — as the gateway answers a refusal (401, 403, 429) or its own 404 — the
 * connection is never read again: the caller's next request waits for its own timeout. A routed
 * answer followed by two refusals on one connection was enough (e2e KeptAliveConnectionsIT). An
 * answer that completes in a later task of the same loop ends after that dispatch, and reading
 * resumes. The cost is one task per request on the same thread, no thread change.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeptAliveReads implements WebFilter {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    EventLoop loop = eventLoopOf(exchange.getRequest());
    if (loop == null) {
      return chain.filter(exchange);
    }
    return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.fromExecutor(loop));
  }

  /** The event loop of the request's connection, or null when it is not a Reactor Netty one. */
  static EventLoop eventLoopOf(ServerHttpRequest request) {
    ServerHttpRequest unwrapped = request;
    while (unwrapped instanceof ServerHttpRequestDecorator decorator) {
      unwrapped = decorator.getDelegate();
    }
    if (unwrapped instanceof AbstractServerHttpRequest known
        && known.getNativeRequest() instanceof reactor.netty.Connection connection) {
      return connection.channel().eventLoop();
    }
    return null;
  }
}
