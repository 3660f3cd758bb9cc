package io.hutong.catalog.config;

import io.hutong.catalog.web.ProblemSecurityHandlers;
import io.hutong.schemas.identity.Caller;
import java.util.Collection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The catalogue is an OAuth2 resource server of Keycloak realm {@code hutong}: it validates every
 * token itself (signature via JWKS, issuer, audience, expiry) even behind the gateway. Only health
 * is anonymous.
 */
@Configuration
class SecurityConfig {

  @Bean
  SecurityFilterChain api(HttpSecurity http, ProblemSecurityHandlers problems) throws Exception {
    http.authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    // The API description is public, as the contract in the README is.
                    .requestMatchers(
                        org.springframework.http.HttpMethod.GET,
                        "/api/catalog/v1/openapi",
                        "/api/catalog/v1/openapi.yaml")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(hutongRoles()))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(
            ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable());
    return http.build();
  }

  /** Realm roles of the token become {@code ROLE_DATA_ADMIN}, {@code ROLE_AUDITOR} ... */
  static JwtAuthenticationConverter hutongRoles() {
    Converter<Jwt, Collection<GrantedAuthority>> roles =
        jwt ->
            List.copyOf(
                Caller.fromClaims(jwt.getClaims()).roles().stream()
                    .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                    .toList());
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(roles);
    return converter;
  }
}
