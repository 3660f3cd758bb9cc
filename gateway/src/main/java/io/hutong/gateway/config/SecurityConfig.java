package io.hutong.gateway.config;

import io.hutong.gateway.web.ProblemWriter;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The gateway validates every Keycloak token first (signature via JWKS, issuer, audience, expiry)
 * and applies the coarse rules of the contract per route; the services then check the token and the
 * department themselves. Refusals are problem+json.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

  @Bean
  SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ProblemWriter problems) {
    return http.authorizeExchange(
            auth ->
                auth.pathMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .pathMatchers("/api/audit/**")
                    .hasRole(HutongRole.AUDITOR.name())
                    .anyExchange()
                    .authenticated())
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(hutongRoles()))
                    .authenticationEntryPoint(
                        (exchange, failure) ->
                            problems.unauthenticated(
                                exchange,
                                exchange.getRequest().getHeaders().getFirst("Authorization")
                                    != null))
                    .accessDeniedHandler(
                        (exchange, denied) ->
                            problems.write(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                ProblemWriter.FORBIDDEN,
                                "Your roles do not allow this route.")))
        .exceptionHandling(
            ex ->
                ex.authenticationEntryPoint(
                        (exchange, failure) -> problems.unauthenticated(exchange, false))
                    .accessDeniedHandler(
                        (exchange, denied) ->
                            problems.write(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                ProblemWriter.FORBIDDEN,
                                "Your roles do not allow this route.")))
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .build();
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
