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
 * console is told which host, scheme and port the browser used ({@link
 * ForwardedOriginGatewayFilterFactory}), so the links and login redirects it builds point at the
 * gateway.
 */
@Configuration
class Routes {

  @Bean
  RouteLocator hutongRoutes(
      RouteLocatorBuilder routes,
      GatewayProperties properties,
      ForwardedOriginGatewayFilterFactory forwardedOrigin) {
    return routes
        .routes()
        .route("catalog", r -> r.path("/api/catalog/**").uri(properties.catalogUri()))
        .route("exchange", r -> r.path("/api/exchange/**").uri(properties.exchangeUri()))
        .route("audit", r -> r.path("/api/audit/**").uri(properties.auditUri()))
        .route(
            "console",
            r ->
                r.path("/console", "/console/**")
                    // The browser's Host reaches the console as is: Spring Cloud Gateway drops
                    // X-Forwarded-* from untrusted peers, so they alone cannot carry it.
                    .filters(
                        f -> f.preserveHostHeader().filter(forwardedOrigin.apply(new Object())))
                    .uri(properties.consoleUri()))
        .build();
  }
}
