package io.hutong.gateway.routing;

import io.hutong.gateway.config.GatewayProperties;
import java.net.ConnectException;
import java.net.URI;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The three routes of the API contract, and the web console's. Paths are forwarded unchanged (the
 * services serve {@code /api/<service>/v1/...} themselves, the console {@code /console/...}), and
 * the {@code Authorization} header travels with them so every service checks the token again. The
 * console receives the browser's own {@code Host} header, so the links and login redirects it
 * builds point at the gateway. (X-Forwarded-* headers are dropped by the gateway unless {@code
 * spring.cloud.gateway.server.webflux.trusted-proxies} names a proxy in front of it; behind a TLS
 * proxy, set it so the proxy's {@code X-Forwarded-Proto} reaches the console.)
 */
@Configuration
class Routes {

  @Bean
  RouteLocator hutongRoutes(RouteLocatorBuilder routes, GatewayProperties properties) {
    return routes
        .routes()
        .route("catalog", r -> api(r.path("/api/catalog/**"), properties.catalogUri()))
        .route("exchange", r -> api(r.path("/api/exchange/**"), properties.exchangeUri()))
        .route("audit", r -> api(r.path("/api/audit/**"), properties.auditUri()))
        .route(
            "console",
            r ->
                r.path("/console", "/console/**")
                    .filters(f -> retryElsewhere(f.preserveHostHeader(), properties.consoleUri()))
                    .uri(properties.consoleUri()))
        .build();
  }

  private static Buildable<Route> api(BooleanSpec path, URI target) {
    return path.filters(f -> retryElsewhere(f, target)).uri(target);
  }

  /**
   * Over several instances ({@code lb://}), a GET or HEAD that could not connect to the instance
   * chosen — one that died since its last health check — is sent once more, to the next one. Only
   * connection failures: the request never reached the instance, so nothing ran twice. Other
   * methods are the client's to retry, with an idempotency key where the API offers one.
   */
  private static GatewayFilterSpec retryElsewhere(GatewayFilterSpec filters, URI target) {
    if (!"lb".equals(target.getScheme())) {
      return filters;
    }
    return filters.retry(
        retry ->
            retry
                .setRetries(1)
                .setMethods(HttpMethod.GET, HttpMethod.HEAD)
                .setSeries()
                .setStatuses()
                .setExceptions(ConnectException.class)
                .setBackoff(null));
  }
}
