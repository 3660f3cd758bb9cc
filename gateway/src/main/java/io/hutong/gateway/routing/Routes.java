package io.hutong.gateway.routing;

import io.hutong.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
        .route("catalog", r -> r.path("/api/catalog/**").uri(properties.catalogUri()))
        .route("exchange", r -> r.path("/api/exchange/**").uri(properties.exchangeUri()))
        .route("audit", r -> r.path("/api/audit/**").uri(properties.auditUri()))
        .route(
            "console",
            r ->
                r.path("/console", "/console/**")
                    .filters(f -> f.preserveHostHeader())
                    .uri(properties.consoleUri()))
        .build();
  }
}
