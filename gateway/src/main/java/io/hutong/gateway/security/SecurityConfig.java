package io.hutong.gateway.security;

import io.hutong.gateway.config.GatewayProperties;
import io.hutong.gateway.ratelimit.AddressLimiter;
import io.hutong.gateway.web.ProblemWriter;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.schemas.problem.ProblemTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;

/**
 * The gateway validates every Keycloak token first (signature via JWKS, issuer, audience, expiry)
 * and applies the coarse rules of the contract per route; the services then check the token and the
 * department themselves. Refusals are problem+json.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

  /**
   * The web console under {@code /console}: it logs people in with Keycloak itself (a session
   * cookie, CSRF on its forms, its own content security policy and headers), so the gateway asks
   * for no token here, adds no headers of its own and leaves CSRF to the console. The console calls
   * the API through the gateway's API routes with the person's token, where every rule below
   * applies as for any caller.
   */
  @Bean
  @org.springframework.core.annotation.Order(0)
  SecurityWebFilterChain console(ServerHttpSecurity http) {
    return http.securityMatcher(
            org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers
                .pathMatchers("/console", "/console/**"))
        .authorizeExchange(auth -> auth.anyExchange().permitAll())
        .headers(ServerHttpSecurity.HeaderSpec::disable)
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .securityContextRepository(
            org.springframework.security.web.server.context.NoOpServerSecurityContextRepository
                .getInstance())
        .build();
  }

  /**
   * The API browser: {@code /docs} redirects to Swagger UI's page at {@code
   * /swagger-ui/index.html}, which loads its scripts and styles beside it and its configuration
   * from {@code /v3/api-docs/swagger-config}. Public pages, so their own policy lets the page load
   * those from the gateway — and nothing from anywhere else. (springdoc also serves the same files
   * under {@code /webjars/swagger-ui/}; nothing links there, so that copy stays behind
   * authentication.)
   */
  @Bean
  @org.springframework.core.annotation.Order(1)
  SecurityWebFilterChain apiBrowser(ServerHttpSecurity http) {
    return http.securityMatcher(
            org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers
                .pathMatchers(
                    org.springframework.http.HttpMethod.GET,
                    "/docs",
                    "/swagger-ui/**",
                    "/v3/api-docs/swagger-config"))
        .authorizeExchange(auth -> auth.anyExchange().permitAll())
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(
                        csp ->
                            csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self'"
                                    + " 'unsafe-inline'; frame-ancestors 'none'; form-action"
                                    + " 'none'"))
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(
                                org.springframework.security.web.server.header
                                    .ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy
                                    .NO_REFERRER)))
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .build();
  }

  @Bean
  @org.springframework.core.annotation.Order(2)
  SecurityWebFilterChain gatewaySecurity(
      ServerHttpSecurity http,
      ProblemWriter problems,
      GatewayProperties properties,
      AddressLimiter addresses) {
    ServerAuthenticationEntryPoint unauthenticated = unauthenticated(problems, addresses);
    return http.cors(cors -> cors.configurationSource(cors(properties)))
        .headers(
            headers ->
                headers
                    // An API, never a page: nothing may be framed, sniffed, or load content.
                    .contentSecurityPolicy(
                        csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(
                                org.springframework.security.web.server.header
                                    .ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy
                                    .NO_REFERRER))
                    .hsts(
                        hsts ->
                            hsts.includeSubdomains(true).maxAge(java.time.Duration.ofDays(365))))
        .authorizeExchange(
            auth ->
                auth.pathMatchers(org.springframework.http.HttpMethod.OPTIONS, "/api/**")
                    .permitAll()
                    .pathMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    // The gateway's own metrics, only to Prometheus's scraper (client
                    // hutong-monitoring).
                    .pathMatchers("/actuator/prometheus", "/actuator/prometheus/**")
                    .hasRole(HutongRole.METRICS_READER.name())
                    // The services' API descriptions are public, as the contract in the README is.
                    .pathMatchers(
                        org.springframework.http.HttpMethod.GET,
                        "/api/catalog/v1/openapi",
                        "/api/exchange/v1/openapi",
                        "/api/audit/v1/openapi")
                    .permitAll()
                    .pathMatchers("/api/audit/**")
                    .hasRole(HutongRole.AUDITOR.name())
                    .anyExchange()
                    .authenticated())
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .bearerTokenConverter(new BearerTokens())
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(hutongRoles()))
                    .authenticationEntryPoint(unauthenticated)
                    .accessDeniedHandler(
                        (exchange, denied) ->
                            problems.write(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                ProblemTypes.FORBIDDEN,
                                "Your roles do not allow this route.")))
        .exceptionHandling(
            ex ->
                ex.authenticationEntryPoint(unauthenticated)
                    .accessDeniedHandler(
                        (exchange, denied) ->
                            problems.write(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                ProblemTypes.FORBIDDEN,
                                "Your roles do not allow this route.")))
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        // Stateless: every call carries its token. Without these, every call looked up a web
        // session (security context and saved-request cache) that no call ever has, a 401 on a GET
        // could open one, and POST /logout answered a redirect to a login page that is not here.
        .securityContextRepository(
            org.springframework.security.web.server.context.NoOpServerSecurityContextRepository
                .getInstance())
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .build();
  }

  /**
   * 401 problem+json with the challenge, and one failed authentication charged to the caller's
   * address, so that an address that keeps failing is stopped before authentication.
   */
  private static ServerAuthenticationEntryPoint unauthenticated(
      ProblemWriter problems, AddressLimiter addresses) {
    return (exchange, failure) -> {
      java.net.InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
      if (addresses.enabled() && remote != null && remote.getAddress() != null) {
        addresses.charge(remote.getAddress().getHostAddress());
      }
      boolean tokenPresented =
          exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null;
      return problems.unauthenticated(exchange, tokenPresented);
    };
  }

  /**
   * CORS for browser consoles of the configured origins; tokens travel in headers, never cookies.
   */
  private static org.springframework.web.cors.reactive.CorsConfigurationSource cors(
      GatewayProperties properties) {
    org.springframework.web.cors.CorsConfiguration config =
        new org.springframework.web.cors.CorsConfiguration();
    config.setAllowedOriginPatterns(properties.corsAllowedOrigins());
    config.setAllowedMethods(java.util.List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
    config.setAllowedHeaders(
        java.util.List.of(
            "Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "Last-Event-ID"));
    config.setExposedHeaders(java.util.List.of("X-Request-Id", "Location", "Retry-After"));
    config.setAllowCredentials(false);
    config.setMaxAge(java.time.Duration.ofHours(1));
    org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource source =
        new org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/api/**", config);
    return source;
  }

  private static ReactiveJwtAuthenticationConverterAdapter hutongRoles() {
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(
        jwt ->
            Caller.fromClaims(jwt.getClaims()).roles().stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                .toList());
    return new ReactiveJwtAuthenticationConverterAdapter(converter);
  }
}
