package io.hutong.console.security;

import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.schemas.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's Prometheus endpoint ({@code /console/actuator/prometheus}) answers Prometheus's
 * scraper as the services do: a bearer token of Keycloak realm {@code hutong} (signature, issuer,
 * audience {@code hutong-api}, expiry) carrying role {@code metrics-reader}; refusals are
 * problem+json. A chain of its own, because everything else of the console is pages behind a
 * session login, where a missing login means a redirect to Keycloak rather than a 401.
 */
@Configuration
class MetricsSecurity {

  @Bean
  @Order(0)
  SecurityFilterChain metrics(HttpSecurity http) throws Exception {
    JwtAuthenticationConverter roles = new JwtAuthenticationConverter();
    roles.setJwtGrantedAuthoritiesConverter(
        jwt ->
            List.copyOf(
                Caller.fromClaims(jwt.getClaims()).roles().stream()
                    .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                    .toList()));
    return http.securityMatcher("/actuator/prometheus", "/actuator/prometheus/**")
        .authorizeHttpRequests(
            auth -> auth.anyRequest().hasAuthority(HutongRole.METRICS_READER.authority()))
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                    .authenticationEntryPoint(
                        (request, response, failure) ->
                            problem(
                                response,
                                HttpServletResponse.SC_UNAUTHORIZED,
                                ProblemTypes.UNAUTHENTICATED,
                                "A valid bearer token is required."))
                    .accessDeniedHandler(
                        (request, response, denied) ->
                            problem(
                                response,
                                HttpServletResponse.SC_FORBIDDEN,
                                ProblemTypes.FORBIDDEN,
                                "Only the monitoring client may read metrics.")))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  private static void problem(HttpServletResponse response, int status, URI type, String detail)
      throws IOException {
    if (status == HttpServletResponse.SC_UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response
        .getOutputStream()
        .write(
            ("{\"type\":\""
                    + type
                    + "\",\"title\":\""
                    + (status == HttpServletResponse.SC_UNAUTHORIZED ? "Unauthorized" : "Forbidden")
                    + "\",\"status\":"
                    + status
                    + ",\"detail\":\""
                    + detail
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
  }
}
