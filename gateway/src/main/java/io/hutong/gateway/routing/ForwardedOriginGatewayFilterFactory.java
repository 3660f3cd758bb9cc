package io.hutong.gateway.routing;

import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Tells a backend that builds absolute links (the web console: OIDC redirect URIs, redirects after
 * a form) the host, scheme and port the browser used, as {@code X-Forwarded-Host}, {@code -Proto}
 * and {@code -Port}. Whatever the client sent in those headers (and in {@code X-Forwarded-Prefix})
 * is replaced, never appended to, so a caller cannot make the console build links to another host.
 */
@Component
public class ForwardedOriginGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

  public ForwardedOriginGatewayFilterFactory() {
    super(Object.class);
  }

  @Override
  public GatewayFilter apply(Object config) {
    return (exchange, chain) -> {
      URI seen = exchange.getRequest().getURI();
      String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
      String scheme = seen.getScheme() == null ? "http" : seen.getScheme();
      int port = seen.getPort() >= 0 ? seen.getPort() : "https".equals(scheme) ? 443 : 80;
      String forwardedHost = host != null ? host : seen.getHost() + ":" + port;
      return chain.filter(
          exchange
              .mutate()
              .request(
                  exchange
                      .getRequest()
                      .mutate()
                      .headers(
                          headers -> {
                            headers.set("X-Forwarded-Host", forwardedHost);
                            headers.set("X-Forwarded-Proto", scheme);
                            headers.set("X-Forwarded-Port", Integer.toString(port));
                            headers.remove("X-Forwarded-Prefix");
                          })
                      .build())
              .build());
    };
  }
}
