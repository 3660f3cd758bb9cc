package io.hutong.service.security;

import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.ServiceProperties;
import io.hutong.service.audit.AuditTrail;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every Hutong service is an OAuth2 resource server of Keycloak realm {@code hutong}: it validates
 * every token itself (signature via JWKS, issuer, audience, expiry) even behind the gateway, maps
 * realm roles to authorities, and answers refusals as audited problems. Health and the service's
 * OpenAPI description are public; the Prometheus endpoint needs role {@code metrics-reader}; a
 * service adds its own rules with a {@link ServiceSecurityCustomizer} or replaces the chain by
 * declaring its own.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ServiceSecurityAutoConfiguration {

  /**
   * Keeps Spring Boot's JWT decoder (JWKS, issuer, audience and expiry exactly as configured) and
   * puts {@link CachingJwtDecoder} in front of it.
   */
  @Bean
  static BeanPostProcessor hutongCachingJwtDecoder() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)
            ? new CachingJwtDecoder(decoder, Clock.systemUTC())
            : bean;
      }
    };
  }

  /**
   * Spring Security's per-filter observations are off: they cost more than the rest of the security
   * chain per call (request metrics stay).
   */
  @Bean
  @ConditionalOnMissingBean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  @ConditionalOnMissingBean
  ProblemSecurityHandlers problemSecurityHandlers(AuditTrail audit) {
    return new ProblemSecurityHandlers(audit);
  }

  @Bean
  @ConditionalOnMissingBean
  JwtAuthenticationConverter hutongRoles() {
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

  /** Spring's strict firewall, its per-header checks without regular expressions. */
  @Bean
  @ConditionalOnMissingBean
  org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer
      hutongFirewall() {
    return web -> web.httpFirewall(HeaderCharacters.firewall());
  }

  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain hutongApi(
      HttpSecurity http,
      ServiceProperties service,
      ProblemSecurityHandlers problems,
      JwtAuthenticationConverter roles,
      ObjectProvider<ServiceSecurityCustomizer> customizers)
      throws Exception {
    String openapi = service.apiPrefix() + "/openapi";
    http.authorizeHttpRequests(
            auth -> {
              auth.requestMatchers("/actuator/health", "/actuator/health/**", "/error")
                  .permitAll()
                  // The API description is public, as the contract in the README is.
                  .requestMatchers(HttpMethod.GET, openapi, openapi + ".yaml")
                  .permitAll()
                  // Metrics only to Prometheus's scraper (client hutong-monitoring): no other
                  // caller's token opens them.
                  .requestMatchers("/actuator/prometheus", "/actuator/prometheus/**")
                  .hasAuthority(HutongRole.METRICS_READER.authority());
              customizers.orderedStream().forEach(customizer -> customizer.authorize(auth));
              auth.anyRequest().authenticated();
            })
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .bearerTokenResolver(new BearerTokens())
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(
            ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable());
    return http.build();
  }
}
